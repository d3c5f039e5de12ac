/**
 * What a store page sees of its upload jobs through `window.webbits` in Chromium: `jobchange`
 * events while it uploads, `getJobs()` listing it, and `job.reply()` resolving with the server's
 * reply as a Blob. The job is made through the background's test hook with the page's origin as its
 * owner (the page bridge's Blob staging is tested with the bridge).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../server/index';
import { startBitsUploadServer, type BitsUploadServer } from '../server/bits-upload';
import { launchExtension, type ExtensionSession } from './harness';
import { hostCall } from './engine-host-hooks';
import { createUploadJob, stageBlob } from './upload-hooks';

let pages: TestServer;
let uploads: BitsUploadServer;
let ext: ExtensionSession;

beforeAll(async () => {
  pages = await startTestServer();
  pages.addRoute('/shop.html', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>shop</title><body>shop</body>');
  });
  uploads = await startBitsUploadServer();
  ext = await launchExtension();
});
afterAll(async () => {
  await ext?.close();
  await uploads?.close();
  await pages?.close();
});

it('the page gets jobchange for its upload, lists it, and reads the reply as a Blob', async () => {
  await ext.api('setSite', { origin: pages.origin, decision: 'allowed' });
  uploads.setReply('/shop/review.bin', { body: 'published', contentType: 'text/plain' });
  const page = await ext.context.newPage();
  await page.goto(pages.url('/shop.html'));
  await page.waitForFunction('window.webbits !== undefined');
  await page.evaluate(`window.seen = [];
    webbits.addEventListener('jobchange', (e) => window.seen.push(e.detail.type + ':' + e.detail.state));`);
  // jobchange starts flowing once the page listens: give the subscription its round trip.
  await page.evaluate('webbits.getJobs()');

  const data = await stageBlob(ext, 3 << 20);
  const job = await createUploadJob(ext, pages.origin, uploads.url('/shop/review.bin'), data, {
    type: 'upload-reply',
  });
  await hostCall(ext, 'resume', { scope: pages.origin, id: job.id });
  await page.waitForFunction(`window.seen.includes('upload-reply:ACKNOWLEDGED')`, undefined, {
    timeout: 30_000,
  });
  const seen = (await page.evaluate('window.seen')) as string[];
  expect(seen).toContain('upload-reply:QUEUED');

  const listed = (await page.evaluate(
    `webbits.getJobs().then((jobs) => Promise.all(jobs.map((j) => j.info())))`,
  )) as {
    id: string;
    type: string;
    progress: { bytesTransferred: number };
  }[];
  expect(listed.find((j) => j.id === job.id)).toMatchObject({
    type: 'upload-reply',
    progress: { bytesTransferred: 3 << 20 },
  });
  const reply = await page.evaluate(
    `webbits.getJob(${JSON.stringify(job.id)}).then((j) => j.reply()).then((b) => b instanceof Blob ? b.text() : 'not a Blob')`,
  );
  expect(reply).toBe('published');
  // A download of the same page: reply() is E_NOTIMPL, named so across the bridge.
  const download = await hostCall(ext, 'createJob', {
    owner: pages.origin,
    init: { displayName: 'd', files: [{ url: pages.url('/d.bin') }] },
    collectionId: null,
  });
  const error = await page.evaluate(
    `webbits.getJob(${JSON.stringify(download.id)}).then((j) => j.reply()).then(() => 'resolved', (e) => e.name)`,
  );
  expect(error).toBe('E_NOTIMPL');
  await page.close();
});
