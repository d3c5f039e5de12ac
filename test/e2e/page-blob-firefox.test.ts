/**
 * The Blob hand-over in Firefox ESR (dist/firefox): a store page's `createJob` with an upload's
 * `data` goes through the bridge frame, the background page reads the frame's `blob:` URL into
 * `staged/<uuid>`, and an extension page finds the page's bytes there (same size, same sha256).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../server/index';
import { firefoxPath, launchFirefoxWithExtension, type FirefoxSession } from './firefox-launch';
import { readStaged } from './staged-files';

const firefox = firefoxPath();
type PageWindow = { webbits: import('../../src/page/webbits').WebBits };

describe.skipIf(!firefox)('Firefox: a Blob from the page, staged by the bridge', () => {
  let server: TestServer;
  let session: FirefoxSession;

  beforeAll(async () => {
    server = await startTestServer();
    server.addRoute('/desk.html', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><meta charset="utf-8"><title>Upload desk</title><h1>Uploads</h1>');
    });
    session = await launchFirefoxWithExtension({
      extensionDir: process.env.WEBBITS_FIREFOX_EXTENSION_DIR || undefined,
    });
    const options = await session.openExtensionPage('options');
    await options.evaluate(
      (origin) =>
        (
          globalThis as unknown as { browser: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }
        ).browser.runtime.sendMessage({
          kind: 'webbits:api',
          method: 'setSite',
          input: { origin, decision: 'allowed' },
        }),
      server.origin,
    );
    await options.close();
  });
  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  it("lands in the extension's storage with the page's bytes", async () => {
    const page = await session.browser.newPage();
    await page.goto(`${server.origin}/desk.html`);
    const size = 3 * 1024 * 1024 + 5;
    const sent = await page.evaluate(
      async (size: number, url: string) => {
        const bytes = new Uint8Array(size);
        for (let at = 0; at < size; at += 65536) crypto.getRandomValues(bytes.subarray(at, at + 65536));
        const hash = await crypto.subtle.digest('SHA-256', bytes);
        const sha256 = [...new Uint8Array(hash)].map((b) => b.toString(16).padStart(2, '0')).join('');
        const data = new Blob([bytes], { type: 'application/x-report' });
        const outcome = await (window as unknown as PageWindow).webbits
          .createJob({ displayName: 'Report', type: 'upload', files: [{ url, data }] } as never)
          .then(
            (job) => `created ${job.id.length > 0}`,
            (error: Error) => `${error.name}: ${error.message}`,
          );
        return { sha256, outcome };
      },
      size,
      `${server.origin}/upload`,
    );
    expect(sent.outcome).toBe('created true');
    const options = await session.openExtensionPage('options');
    // The engine host took the staged file over as the job's own copy, uploads/<jobId>.
    const staged = await options.evaluate(readStaged, 'staged');
    const kept = await options.evaluate(readStaged, 'uploads');
    await options.close();
    expect(staged).toEqual([]);
    expect(kept).toEqual([{ name: expect.stringMatching(/^[0-9a-f-]{36}$/), size, sha256: sent.sha256 }]);
    await page.close();
  });
});
