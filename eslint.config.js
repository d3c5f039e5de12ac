// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '.tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  prettier,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // The engine is pure: it reaches the outside world only through src/engine/ports/.
      'no-restricted-globals': 'off',
    },
  },
  {
    files: ['src/engine/**/*.ts'],
    ignores: ['src/engine/**/*.test.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        {
          name: 'fetch',
          message: 'The engine gets fetch through EnginePorts (src/engine/ports/engine-ports.ts).',
        },
        { name: 'setTimeout', message: 'The engine gets timers through EnginePorts.' },
        { name: 'setInterval', message: 'The engine gets timers through EnginePorts.' },
        { name: 'chrome', message: 'The engine uses no extension API.' },
        { name: 'browser', message: 'The engine uses no extension API.' },
        { name: 'indexedDB', message: 'The engine reaches storage through JobStore.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'The engine reads time from ports.clock.' },
        { object: 'Math', property: 'random', message: 'The engine draws randomness from ports.random.' },
      ],
    },
  },
);
