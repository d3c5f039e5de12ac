/**
 * A page hands WebBITS a Blob (an upload's `data`) in Chromium: the bridge frame, embedded in the
 * store's page, makes a `blob:` URL of it, the background reads that into the extension's own
 * origin private file system as `staged/<uuid>`, and the createJob request carries only the
 * reference; the engine host moves it to `uploads/<jobId>`. The bytes are read back from an extension page and from the service worker
 * (first-party contexts of the extension, which a partitioned copy would escape) and hashed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../server/index';
import { launchExtension, type ExtensionSession } from './harness';
import { stagedFilesFromPage, stagedFilesFromWorker } from './staged-files';

const STORE_PAGE = '<!doctype html><meta charset="utf-8"><title>Upload desk</title><h1>Uploads</h1>';

type PageWindow = { webbits: import('../../src/page/webbits').WebBits };

/** Makes a Blob of `size` pseudo-random bytes in the page, and returns its sha256 with the outcome of `createJob`. */
function uploadFromPage(page: Page, size: number, init: Record<string, unknown>) {
  return page.evaluate(
    async ({ size, init }) => {
      const bytes = new Uint8Array(size);
      for (let at = 0; at < size; at += 65536) crypto.getRandomValues(bytes.subarray(at, at + 65536));
      const blob = new Blob([bytes], { type: 'application/x-report' });
      const hash = await crypto.subtle.digest('SHA-256', bytes);
      const sha256 = [...new Uint8Array(hash)].map((b) => b.toString(16).padStart(2, '0')).join('');
      const files = (init.files as Array<Record<string, unknown>>).map((f) => ({ ...f, data: blob }));
      const outcome = await (window as unknown as PageWindow).webbits
        .createJob({ ...init, files } as never)
        .then(
          async (job) => ({ created: job.id }),
          (error: Error) => ({ error: `${error.name}: ${error.message}` }),
        );
      return { sha256, outcome };
    },
    { size, init },
  );
}

describe('a Blob from the page, staged by the bridge', () => {
  let server: TestServer;
  let ext: ExtensionSession;
  let page: Page;

  beforeAll(async () => {
    server = await startTestServer();
    server.addRoute('/desk.html', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(STORE_PAGE);
    });
    ext = await launchExtension({ extensionDir: process.env.WEBBITS_EXTENSION_DIR || undefined });
    page = await ext.context.newPage();
    await page.goto(`${server.origin}/desk.html`);
  });
  afterAll(async () => {
    await ext?.close();
    await server?.close();
  });

  it('writes nothing for an origin that was refused', async () => {
    await ext.api('setSite', { origin: server.origin, decision: 'blocked' });
    const { outcome } = await uploadFromPage(page, 1000, {
      displayName: 'refused',
      type: 'upload',
      files: [{ url: `${server.origin}/upload` }],
    });
    expect(outcome).toEqual({ error: expect.stringMatching(/^NotAllowedError: /) });
    expect(await stagedFilesFromPage(ext)).toEqual([]);
  });

  it("lands in the extension's own storage with the page's bytes, seen by an extension page and the worker", async () => {
    await ext.api('setSite', { origin: server.origin, decision: 'allowed' });
    const size = 5 * 1024 * 1024 + 17;
    const { sha256, outcome } = await uploadFromPage(page, size, {
      displayName: 'Quarterly report',
      type: 'upload',
      files: [{ url: `${server.origin}/upload` }],
    });
    expect(outcome).toEqual({ created: expect.any(String) });
    const jobId = (outcome as { created: string }).created;
    // The engine host took the staged file over as the job's own copy (docs/uploads.md).
    expect(await stagedFilesFromPage(ext)).toEqual([]);
    const fromPage = await stagedFilesFromPage(ext, 'uploads');
    expect(fromPage).toEqual([{ name: jobId, size, sha256 }]);
    expect(await stagedFilesFromWorker(ext, 'uploads')).toEqual(fromPage);
  });

  it('refuses data that is not a Blob, and leaves nothing behind when the job is refused', async () => {
    const before = await stagedFilesFromPage(ext);
    const forged = await page.evaluate(() =>
      (window as unknown as PageWindow).webbits
        .createJob({
          displayName: 'forged',
          type: 'upload',
          files: [{ url: 'https://up.example/', data: { staged: crypto.randomUUID(), size: 1, type: '' } }],
        } as never)
        .then(
          () => 'created',
          (error: Error) => `${error.name}: ${error.message}`,
        ),
    );
    expect(forged).toBe('TypeError: files[0].data: must be a Blob or File');
    // Valid for the bridge, refused by the background's checks before anything is written.
    const { outcome } = await uploadFromPage(page, 1000, {
      displayName: 'two files',
      type: 'upload',
      files: [{ url: `${server.origin}/a` }, { url: `${server.origin}/b` }],
    });
    expect(outcome).toEqual({ error: 'TypeError: files: an upload job has exactly one file (2 given)' });
    expect(await stagedFilesFromPage(ext)).toEqual(before);
  });
});
