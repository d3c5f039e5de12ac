/**
 * The page API in real Firefox ESR (dist/firefox): the MAIN-world script and the relay find each
 * other, a store page allowed in advance sells a WMP track through `window.webbits`, the track lands
 * in the library layout with the server's bytes, and `external.DownloadManager` reads it back.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../server/index';
import { firefoxPath, launchFirefoxWithExtension, type FirefoxSession } from './firefox-launch';
import { waitForSavedFile } from './firefox-saved-file';
import type { JobInfo } from '../../src/engine/types';

const firefox = firefoxPath();
const STORE_PAGE = '<!doctype html><meta charset="utf-8"><title>Proseware store</title><h1>Store</h1>';
const TRACK = '::WMP_JOB:1:-77:Proseware:Fox Band:Night Songs:7:Moon:180:50';

type PageWindow = {
  webbits: import('../../src/page/webbits').WebBits;
  external: { DownloadManager: { ready: Promise<void>; getDownloadCollection(id: number): WmpCollection } };
};
interface WmpCollection {
  count: number;
  item(i: number): { downloadState: number; getItemInfo(name: string): string };
}

describe.skipIf(!firefox)('Firefox: the page API', () => {
  let server: TestServer;
  let session: FirefoxSession;

  beforeAll(async () => {
    server = await startTestServer();
    server.addRoute('/store.html', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(STORE_PAGE);
    });
    session = await launchFirefoxWithExtension({
      extensionDir: process.env.WEBBITS_FIREFOX_EXTENSION_DIR || undefined,
    });
    // Allowed ahead of time, as with the options page's "Allow site".
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

  it('sells a track through window.webbits and reads it back through external.DownloadManager', async () => {
    const file = server.addFile('/tracks/moon.ogg', { size: 400_000, contentType: 'audio/ogg' });
    const page = await session.browser.newPage();
    await page.goto(`${server.origin}/store.html`);
    expect(await page.evaluate(() => document.documentElement.dataset.webbits)).toMatch(/^\d+\.\d+/);

    const done = (await page.evaluate(
      async (url: string, description: string) => {
        const { webbits } = window as unknown as PageWindow;
        const job = await webbits.createJob({ displayName: 'Moon', description, files: [{ url }] });
        const finished = new Promise<JobInfo>((resolve) =>
          webbits.addEventListener('jobchange', (event) => {
            const info = (event as CustomEvent<JobInfo>).detail;
            if (info.id === job.id && (info.state === 'ACKNOWLEDGED' || info.state === 'ERROR'))
              resolve(info);
          }),
        );
        await job.resume();
        return finished;
      },
      file.url,
      TRACK,
    )) as JobInfo;
    expect(done.state).toBe('ACKNOWLEDGED');
    const saved = await waitForSavedFile(
      join(session.downloadDir, 'Proseware/Fox Band/Night Songs/07 Moon.ogg'),
      400_000,
    );
    expect(createHash('sha256').update(readFileSync(saved)).digest('hex')).toBe(await file.sha256());

    const item = await page.evaluate(async () => {
      const manager = (window as unknown as PageWindow).external.DownloadManager;
      await manager.ready;
      const collection = manager.getDownloadCollection(-77);
      return {
        count: collection.count,
        state: collection.item(0).downloadState,
        title: collection.item(0).getItemInfo('Title'),
      };
    });
    expect(item).toEqual({ count: 1, state: 3, title: 'Moon' });
    await page.close();
  });
});
