import { defineConfig } from 'vitest/config';
import preact from '@preact/preset-vite';
import { CHROME_DIR, extensionBuild, pageInputs } from './src/build/extension-build.js';

// `vite build`: the extension (build/extension-build.ts) into dist/chrome, dist/firefox and their zips.
// The test projects live here too so that there is one configuration for Vite and Vitest.
export default defineConfig(({ command }) => ({
  plugins: command === 'build' ? [preact(), extensionBuild()] : [],
  build:
    command === 'build'
      ? {
          outDir: CHROME_DIR,
          emptyOutDir: true,
          // Extension pages load from chrome-extension://<id>/: absolute asset paths resolve at its root.
          modulePreload: false,
          rolldownOptions: { input: pageInputs() },
        }
      : {},
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'],
          exclude: ['test/e2e/**', 'node_modules/**'],
          environment: 'node',
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
}));
