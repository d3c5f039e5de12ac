/**
 * Hostile pages against the bridge frame itself, in Chromium: a page that frames the bridge and
 * talks to it by hand, forged envelopes, a frame that claims another page's bridge, an extension
 * page that names an origin it is not, floods of ports and calls, and a page that navigates away
 * in the middle of its calls. Whatever they do, a page acts only as its own origin, and the
 * others' calls go on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../server/index';
import { launchExtension, type ExtensionSession } from './harness';
import { installRawBridge, type RawBridgeWindow } from './raw-bridge';
import { stagedFilesFromPage } from './staged-files';

const STORE_PAGE = '<!doctype html><meta charset="utf-8"><title>Store</title><h1>Store</h1>';
const NOWHERE = 'http://127.0.0.1:9/never';

type PageWindow = RawBridgeWindow & { webbits: import('../../src/page/webbits').WebBits };

describe('hostile pages against the bridge', () => {
  let server: TestServer;
  let ext: ExtensionSession;
  let shopOrigin: string;
  let otherOrigin: string;
  let bridgeUrl: string;
  let shopJobId: string;

  const open = async (origin: string, path = '/store.html'): Promise<Page> => {
    const page = await ext.context.newPage();
    await page.goto(`${origin}${path}`);
    await installRawBridge(page);
    return page;
  };

  beforeAll(async () => {
    server = await startTestServer();
    shopOrigin = server.origin;
    otherOrigin = server.origin.replace('127.0.0.1', 'localhost');
    server.addRoute('/store.html', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(STORE_PAGE);
    });
    server.addRoute('/framing.html', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`${STORE_PAGE}<iframe name="other" src="${otherOrigin}/store.html"></iframe>`);
    });
    ext = await launchExtension({ extensionDir: process.env.WEBBITS_EXTENSION_DIR || undefined });
    bridgeUrl = `chrome-extension://${ext.extensionId}/bridge.html`;
    for (const origin of [shopOrigin, otherOrigin]) await ext.api('setSite', { origin, decision: 'allowed' });
    const shop = await open(shopOrigin);
    shopJobId = await shop.evaluate(
      async (url) =>
        (await (window as unknown as PageWindow).webbits.createJob({ displayName: 'mine', files: [{ url }] }))
          .id,
      NOWHERE,
    );
    await shop.close();
  });
  afterAll(async () => {
    await ext?.close();
    await server?.close();
  });

  it('serves a page that frames the bridge itself as its own origin, whatever the message says', async () => {
    const page = await open(otherOrigin);
    const answers = await page.evaluate(
      async ({ url, jobId, shop }) => {
        const raw = (window as unknown as PageWindow).rawBridge;
        const port = await raw.open(url);
        return {
          list: await raw.send(
            port,
            { kind: 'request', id: 1, method: 'getJobs', args: null, origin: shop },
            1,
          ),
          other: await raw.send(
            port,
            { kind: 'request', id: 2, method: 'getJob', args: { id: jobId, origin: shop } },
            2,
          ),
        };
      },
      { url: bridgeUrl, jobId: shopJobId, shop: shopOrigin },
    );
    expect(answers.list).toEqual({ kind: 'response', id: 1, ok: true, value: [] });
    expect(answers.other).toMatchObject({ ok: false, error: { name: 'BG_E_NOT_FOUND' } });
    await page.close();
  });

  it('answers forged envelopes with TypeError or not at all, and keeps serving', async () => {
    const page = await open(shopOrigin);
    const answers = await page.evaluate(async (url) => {
      const raw = (window as unknown as PageWindow).rawBridge;
      const port = await raw.open(url);
      // Not a connect message, or one without a port: ignored.
      const frame = document.querySelector('iframe')?.contentWindow as Window;
      frame.postMessage({ webbits: 'webbits:connect' }, '*');
      frame.postMessage({ kind: 'request', id: 0, method: 'getJobs', args: null }, '*');
      const forgedRef = { staged: crypto.randomUUID(), size: 1, type: '' };
      return {
        bridgeMethod: await raw.send(
          port,
          { kind: 'request', id: 1, method: 'checkJob', args: { init: {} } },
          1,
        ),
        stage: await raw.send(
          port,
          {
            kind: 'request',
            id: 2,
            method: 'stageBlob',
            args: { url: 'blob:x', staged: forgedRef.staged, size: 1 },
          },
          2,
        ),
        unknown: await raw.send(port, { kind: 'request', id: 3, method: 'eval', args: null }, 3),
        noKind: await raw.send(port, { id: 4, method: 'getJobs', args: null }, 4, 500),
        response: await raw.send(port, { kind: 'response', id: 5, ok: true, value: 'forged' }, 5, 500),
        huge: await raw.send(
          port,
          { kind: 'request', id: 6, method: 'getJobs', args: 'x'.repeat(1_000_001) },
          6,
        ),
        ref: await raw.send(
          port,
          {
            kind: 'request',
            id: 7,
            method: 'createJob',
            args: {
              init: {
                displayName: 'x',
                type: 'upload',
                files: [{ url: 'https://up.example/', data: forgedRef }],
              },
            },
          },
          7,
        ),
        still: await raw.send(port, { kind: 'request', id: 8, method: 'getJobs', args: null }, 8),
      };
    }, bridgeUrl);
    expect(answers).toMatchObject({
      bridgeMethod: { ok: false, error: { name: 'TypeError', message: 'request: unknown method' } },
      stage: { ok: false, error: { name: 'TypeError', message: 'request: unknown method' } },
      unknown: { ok: false, error: { name: 'TypeError' } },
      noKind: 'no answer',
      response: 'no answer',
      huge: { ok: false, error: { name: 'TypeError', message: expect.stringMatching(/larger than/) } },
      ref: { ok: false, error: { name: 'TypeError', message: 'files[0].data: must be a Blob or File' } },
      still: { ok: true },
    });
    expect((answers.still as { value: unknown[] }).value.length).toBeGreaterThan(0);
    await page.close();
  });

  it("refuses a frame of another origin that connects to this page's bridge, and an extension page naming an origin", async () => {
    const page = await open(shopOrigin, '/framing.html');
    // A call that carries a Blob makes the page's bridge frame (refused here: a download has no data).
    await page.evaluate(() =>
      (window as unknown as PageWindow).webbits
        .createJob({
          displayName: 'x',
          files: [{ url: 'https://a.example/', data: new Blob(['x']) }],
        } as never)
        .catch(() => undefined),
    );
    expect(page.frames().some((f) => f.url().endsWith('/bridge.html'))).toBe(true);
    const other = page.frame({ name: 'other' });
    if (!other) throw new Error('no frame');
    await installRawBridge(other);
    const answers = await other.evaluate(async () => {
      const raw = (window as unknown as PageWindow).rawBridge;
      const outcomes: unknown[] = [];
      for (let i = 0; i < window.parent.frames.length; i++) {
        const port = raw.connect(window.parent.frames[i] as Window, '*');
        outcomes.push(
          await raw.send(port, { kind: 'request', id: 1, method: 'getJobs', args: null }, 1, 1000),
        );
      }
      return outcomes;
    });
    // The localhost frame itself has no bridge listening; the shop's bridge refuses it.
    expect(answers).toContainEqual({
      kind: 'response',
      id: 1,
      ok: false,
      error: { name: 'NotAllowedError', message: 'not from the frame that holds the bridge' },
    });
    expect(answers.filter((a) => (a as { ok?: boolean }).ok === true)).toEqual([]);
    await page.close();

    const options = await ext.openExtensionPage('options');
    const claimed = await options.evaluate(
      (origin) =>
        new Promise((resolve) => {
          const port = chrome.runtime.connect({ name: `webbits-page|${origin}` });
          port.onMessage.addListener(resolve);
          port.postMessage({ kind: 'request', id: 1, method: 'getJobs', args: null });
        }),
      shopOrigin,
    );
    expect(claimed).toMatchObject({ ok: false, error: { name: 'NotAllowedError' } });
    await options.close();
  });

  it('serves at most 8 ports per frame, and a flood of calls leaves another origin unhurt', async () => {
    const flooding = await open(shopOrigin);
    const quiet = await open(otherOrigin);
    const ports = await flooding.evaluate(async (url) => {
      const raw = (window as unknown as PageWindow).rawBridge;
      const first = await raw.open(url);
      const frame = document.querySelector('iframe')?.contentWindow as Window;
      const more = Array.from({ length: 11 }, () => raw.connect(frame, new URL(url).origin));
      const outcomes = await Promise.all(
        [first, ...more].map((port) =>
          raw.send(port, { kind: 'request', id: 1, method: 'getJobs', args: null }, 1),
        ),
      );
      return outcomes.map((o) =>
        (o as { ok: boolean }).ok ? 'served' : (o as { error: { name: string } }).error.name,
      );
    }, bridgeUrl);
    expect(ports.filter((p) => p === 'served')).toHaveLength(8);
    expect(ports.filter((p) => p === 'NotAllowedError')).toHaveLength(4);

    const flood = flooding.evaluate(async () => {
      const raw = (window as unknown as PageWindow).rawBridge;
      const outcomes = await Promise.all(
        Array.from({ length: 5000 }, (_, i) =>
          raw.send(
            0,
            { kind: 'request', id: 100 + i, method: 'getJob', args: { id: `nope-${i}` } },
            100 + i,
            60_000,
          ),
        ),
      );
      const counts: Record<string, number> = {};
      for (const o of outcomes) {
        const name = typeof o === 'string' ? o : ((o as { error?: { name: string } }).error?.name ?? 'ok');
        counts[name] = (counts[name] ?? 0) + 1;
      }
      return counts;
    });
    const calm = await quiet.evaluate(async () => {
      const started = performance.now();
      await (window as unknown as PageWindow).webbits.getJobs();
      return performance.now() - started;
    });
    const counts = await flood;
    for (const name of Object.keys(counts)) expect(['BG_E_NOT_FOUND', 'QuotaExceededError']).toContain(name);
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(5000);
    expect(calm).toBeLessThan(3000);
    await flooding.close();
    await quiet.close();
  });

  it('survives a page that navigates away in the middle of its calls and of a Blob hand-over', async () => {
    const page = await open(shopOrigin);
    const size = 24 * 1024 * 1024;
    await page.evaluate(
      ({ url, size }) => {
        const { webbits } = window as unknown as PageWindow;
        for (let i = 0; i < 20; i++)
          void webbits.createJob({ displayName: `left ${i}`, files: [{ url }] }).catch(() => undefined);
        const data = new Blob([new Uint8Array(size)]);
        void webbits
          .createJob({ displayName: 'left upload', type: 'upload', files: [{ url, data }] } as never)
          .catch(() => undefined);
        setTimeout(() => location.reload(), 0);
      },
      { url: NOWHERE, size },
    );
    await page.waitForLoadState('load');
    await page.waitForFunction(() => 'webbits' in window);
    const after = await page.evaluate(async () => {
      const jobs = await (window as unknown as PageWindow).webbits.getJobs();
      return Promise.all(jobs.map((job) => job.info()));
    });
    expect(after.every((job) => job.owner === shopOrigin)).toBe(true);
    // A hand-over cut short leaves no partial file: a staged file is whole or absent.
    for (const file of await stagedFilesFromPage(ext)) expect(file.size).toBe(size);
    await page.close();
  });
});
