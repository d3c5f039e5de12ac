/**
 * `npm start`: builds the extension, serves a sample page with downloadable files on
 * http://127.0.0.1:8080, and opens Chromium with WebBITS loaded on that page. With a display the
 * browser stays open for you to try the popup and the context menu; without one the same scenario
 * runs headless: one sample download is added through the extension, and the demo prints where
 * it was saved, checks its bytes, and exits.
 */
import { execSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { startTestServer } from '../server/index';
import { launchExtension, savedFilePath, sha256File, waitForFile } from '../e2e/harness';
import { demoPage, SAMPLE_FILES } from './sample-page';

const ROOT = resolve(import.meta.dirname, '../..');
const PORT = Number(process.env.WEBBITS_DEMO_PORT ?? 8080);

async function main(): Promise<void> {
  execSync('npm run build', { cwd: ROOT, stdio: 'inherit' });

  const server = await startTestServer({ port: PORT });
  const files = SAMPLE_FILES.map((sample) => ({
    ...sample,
    handle: server.addFile(sample.path, sample.spec),
  }));
  server.addRoute('/', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(demoPage(files));
  });
  console.log(`Demo page: ${server.url('/')}`);

  const headed = Boolean(process.env.DISPLAY) && process.env.WEBBITS_HEADLESS !== '1';
  const downloadDir = resolve(ROOT, '.tmp/demo/downloads');
  mkdirSync(downloadDir, { recursive: true });
  // A fresh browser profile each run; saved files accumulate (uniquified) in the download folder.
  const userDataDir = resolve(ROOT, '.tmp/demo/profile');
  rmSync(userDataDir, { recursive: true, force: true });
  const ext = await launchExtension({ headed, downloadDir, userDataDir });
  const page = await ext.context.newPage();
  await page.goto(server.url('/'));
  console.log(`WebBITS ${ext.extensionId} loaded; files are saved under ${downloadDir}`);

  const sample = files[0];
  if (!sample) throw new Error('no sample file');
  const added = await ext.api('addDownload', { url: sample.handle.url });
  console.log(`Added ${sample.handle.url} (job ${added.id})`);
  const job = await ext.waitForJobState(
    (j) => j.id === added.id && (j.state === 'ACKNOWLEDGED' || j.state === 'ERROR'),
  );
  if (job.state === 'ERROR') throw new Error(`The sample download failed: ${job.error?.message}`);
  const path = await waitForFile(savedFilePath(ext, job));
  const matches = (await sha256File(path)) === (await sample.handle.sha256());
  console.log(
    `Saved ${job.files[0]?.localPath} → ${path} (${job.progress.bytesTransferred} bytes, sha256 ${matches ? 'matches' : 'DIFFERS'})`,
  );

  if (headed) {
    console.log(
      'The browser stays open: try the toolbar popup, or right-click a link. Close the browser to stop.',
    );
    await new Promise<void>((done) => ext.context.on('close', () => done()));
  } else {
    await ext.close({ keepFiles: true });
  }
  await server.close();
  if (!matches) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
