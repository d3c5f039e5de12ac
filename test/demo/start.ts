/**
 * `npm start`: builds the extension, starts the demo store on http://127.0.0.1:8080 (another free
 * port if that one is taken), and opens Chromium with WebBITS loaded on the album page. With a
 * display the browser stays open for you; without one (or with WEBBITS_HEADLESS=1) the store
 * scenario runs headless: buy the album, allow the store, download the classic page's extras, and
 * print what was saved where with a sha256 check per file. Exits non-zero if anything failed.
 */
import { execSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { launchExtension } from '../e2e/harness';
import { startDemoStore } from './demo-store';
import { formatScenarioReport } from './scenario-report';
import { runStoreScenario } from './store-scenario';
import { ensureTools, MissingToolError } from '../tools/ensure-tools';

const ROOT = resolve(import.meta.dirname, '../..');
const PORT = Number(process.env.WEBBITS_DEMO_PORT ?? 8080);

async function main(): Promise<void> {
  // Chromium first (installed when missing), so a fresh machine learns what it lacks before the build.
  if (!ensureTools(['chromium'], { for: 'npm start' })) process.exit(1);
  execSync('npm run build', { cwd: ROOT, stdio: 'inherit' });
  const started = Date.now();

  const store = await startDemoStore({ port: PORT });
  if (!store.origin.endsWith(`:${PORT}`))
    console.log(`Port ${PORT} is taken; using ${store.origin} instead.`);
  console.log(
    `Demo store: ${store.pages.index}  (album: ${store.pages.album}, classic: ${store.pages.classic})`,
  );

  const headed = Boolean(process.env.DISPLAY) && process.env.WEBBITS_HEADLESS !== '1';
  // A fresh profile and download folder each run, so the report shows exactly this run's files.
  const demoDir = resolve(ROOT, '.tmp/demo');
  const downloadDir = resolve(demoDir, 'downloads');
  const userDataDir = resolve(demoDir, 'profile');
  rmSync(demoDir, { recursive: true, force: true });
  mkdirSync(downloadDir, { recursive: true });
  const ext = await launchExtension({ headed, downloadDir, userDataDir });
  const page = await ext.context.newPage();
  await page.goto(store.pages.album);
  console.log(`WebBITS ${ext.extensionId} loaded; files are saved under ${downloadDir}`);

  if (headed) {
    console.log(
      'The browser stays open: click "Buy album", then try the Extras page. Close the browser to stop.',
    );
    await new Promise<void>((done) => ext.context.on('close', () => done()));
    await store.close();
    return;
  }

  try {
    const report = await runStoreScenario(ext, store, { page, log: (line) => console.log(line) });
    for (const line of formatScenarioReport(report, downloadDir)) console.log(line);
    console.log(`Headless scenario took ${((Date.now() - started) / 1000).toFixed(1)} s (after the build).`);
    if (!report.ok) process.exitCode = 1;
  } finally {
    await ext.close({ keepFiles: true });
    await store.close();
  }
}

main().catch((error: unknown) => {
  // A missing program is said in one sentence; anything else is a bug worth its stack trace.
  console.error(error instanceof MissingToolError ? error.message : error);
  process.exit(1);
});
