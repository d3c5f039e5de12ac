/**
 * The page API end to end in Chromium: a store page on 127.0.0.1 asks for access (the person
 * clicks "Allow"), sells a track through `window.webbits` with the WMP convention and reads it back
 * through `external.DownloadManager`; the track lands in the library layout with the server's bytes.
 * A second origin (localhost) is blocked in the prompt, then, once allowed, sees none of the first
 * origin's jobs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../server/index';
import { launchExtension, sha256File, waitForFile, type ExtensionSession } from './harness';
import type { JobInfo } from '../../src/engine/types';
import { join } from 'node:path';

const STORE_PAGE = '<!doctype html><meta charset="utf-8"><title>Proseware store</title><h1>Store</h1>';
const TRACK = '::WMP_JOB:1:424242:Proseware:The Band:Live%3A 1999:3:Opening Night:215:75';

describe('page API in Chromium', () => {
  let server: TestServer;
  let ext: ExtensionSession;
  let localhostOrigin: string;

  beforeAll(async () => {
    server = await startTestServer();
    server.addRoute('/store.html', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(STORE_PAGE);
    });
    localhostOrigin = server.origin.replace('127.0.0.1', 'localhost');
    ext = await launchExtension({ extensionDir: process.env.WEBBITS_EXTENSION_DIR || undefined });
  });
  afterAll(async () => {
    await ext?.close();
    await server?.close();
  });

  /** Starts `call` in the page, answers the consent prompt it opens, and returns the call's result. */
  async function withPrompt(page: Page, call: string, answer: 'Allow' | 'Block'): Promise<unknown> {
    const prompt = ext.context.waitForEvent('page', { predicate: (p) => p.url().includes('consent.html') });
    const result = page.evaluate(call);
    const promptPage = await prompt;
    await promptPage.getByRole('button', { name: answer, exact: true }).click();
    return result;
  }

  async function openStore(origin: string): Promise<Page> {
    const page = await ext.context.newPage();
    await page.goto(`${origin}/store.html`);
    return page;
  }

  it('installs both surfaces and marks the document', async () => {
    const page = await openStore(server.origin);
    const presence = await page.evaluate(() => ({
      attribute: document.documentElement.dataset.webbits,
      version: (window as unknown as PageWindow).webbits?.version,
      manager: typeof (window.external as { DownloadManager?: unknown }).DownloadManager,
    }));
    expect(presence.attribute).toBe(presence.version);
    expect(presence.attribute).toMatch(/^\d+\.\d+/);
    expect(presence.manager).toBe('object');
    await page.close();
  });

  it('sells an album track: consent, the WMP job, the library layout, and reading it back', async () => {
    const file = server.addFile('/tracks/3.mp3', { size: 700_000, contentType: 'audio/mpeg' });
    const sha256 = await file.sha256();
    const page = await openStore(server.origin);

    expect(await withPrompt(page, 'webbits.requestAccess()', 'Allow')).toBe('granted');

    const done = (await page.evaluate(
      async ({ url, sha256, description }) => {
        const job = await (window as unknown as PageWindow).webbits.createJob({
          displayName: 'Opening Night',
          description,
          files: [{ url, sha256 }],
        });
        const finished = new Promise<JobInfo>((resolve) =>
          (window as unknown as PageWindow).webbits.addEventListener('jobchange', (event) => {
            const info = (event as CustomEvent<JobInfo>).detail;
            if (info.id === job.id && (info.state === 'ACKNOWLEDGED' || info.state === 'ERROR'))
              resolve(info);
          }),
        );
        await job.resume();
        return finished;
      },
      { url: file.url, sha256, description: TRACK },
    )) as JobInfo;
    expect(done.state).toBe('ACKNOWLEDGED');
    expect(done.owner).toBe(server.origin);
    const localPath = 'Proseware/The Band/Live_ 1999/03 Opening Night.mp3';
    expect(done.files[0]?.localPath).toBe(localPath);
    expect(await sha256File(await waitForFile(join(ext.downloadDir, localPath)))).toBe(sha256);

    const item = await page.evaluate(async () => {
      const manager = (window.external as unknown as { DownloadManager: WmpManager }).DownloadManager;
      await manager.ready;
      const collection = manager.getDownloadCollection(424242);
      const first = collection.item(0);
      return {
        count: collection.count,
        state: first.downloadState,
        title: first.getItemInfo('Title'),
        album: first.getItemInfo('Album'),
        track: first.getItemInfo('WM/TrackNumber'),
        size: first.size,
      };
    });
    expect(item).toEqual({
      count: 1,
      state: 3,
      title: 'Opening Night',
      album: 'Live: 1999',
      track: '3',
      size: 700_000,
    });
    await page.close();
  });

  it('starts WMP items synchronously; the collection outlives a reload', async () => {
    const file = server.addFile('/tracks/4.wma', { size: 300_000, contentType: 'audio/x-ms-wma' });
    const page = await openStore(server.origin);
    const started = await page.evaluate((url) => {
      const manager = (window.external as unknown as { DownloadManager: WmpManager }).DownloadManager;
      const collection = manager.createDownloadCollection();
      const item = collection.startDownload(url, 'background');
      (window as unknown as { item: unknown }).item = item;
      return { id: collection.id, count: collection.count, state: item.downloadState, type: item.type };
    }, file.url);
    expect(started).toMatchObject({ count: 1, state: 0, type: 'background' });
    expect(started.id).not.toBe(0);
    await page.waitForFunction(
      () => (window as unknown as { item: { downloadState: number } }).item.downloadState === 3,
    );
    const job = (await ext.api('listJobs')).find((j) => j.files[0]?.url === file.url);
    expect(job).toMatchObject({
      displayName: '4.wma',
      priority: 'normal',
      collectionId: started.id,
      owner: server.origin,
    });
    expect(await sha256File(await waitForFile(join(ext.downloadDir, '4.wma')))).toBe(await file.sha256());

    await page.reload();
    const after = await page.evaluate(async (id) => {
      const manager = (window.external as unknown as { DownloadManager: WmpManager }).DownloadManager;
      await manager.ready;
      const collection = manager.getDownloadCollection(id);
      return {
        count: collection.count,
        state: collection.item(0).downloadState,
        size: collection.item(0).size,
      };
    }, started.id);
    expect(after).toEqual({ count: 1, state: 3, size: 300_000 });
    await page.close();
  });

  it("blocks an origin in the prompt, and never shows it another origin's jobs", async () => {
    const ownJob = (await ext.api('listJobs')).find((job) => job.owner === server.origin);
    if (!ownJob) throw new Error('the first test made no job');
    const page = await openStore(localhostOrigin);
    expect(await withPrompt(page, 'webbits.requestAccess()', 'Block')).toBe('denied');
    const blocked = await page.evaluate(() =>
      (window as unknown as PageWindow).webbits.getJobs().then(
        () => 'resolved',
        (error: Error) => error.name,
      ),
    );
    expect(blocked).toBe('NotAllowedError');

    await ext.api('setSite', { origin: localhostOrigin, decision: 'allowed' });
    const seen = await page.evaluate(async (id) => {
      const jobs = await (window as unknown as PageWindow).webbits.getJobs();
      const other = await (window as unknown as PageWindow).webbits.getJob(id).then(
        () => 'found',
        (error: Error) => error.name,
      );
      const bad = await (window as unknown as PageWindow).webbits
        .createJob({ displayName: 'x', files: [{ url: 'file:///etc/passwd' }] })
        .then(
          () => 'created',
          (error: Error) => `${error.name}: ${error.message}`,
        );
      return { jobs: jobs.length, other, bad };
    }, ownJob.id);
    expect(seen).toEqual({
      jobs: 0,
      other: 'BG_E_NOT_FOUND',
      bad: 'TypeError: files[0].url: only http and https URLs can be downloaded',
    });
    await page.close();
  });

  it('gives each frame its own origin: a cross-origin iframe sees its own jobs, a sandboxed one is refused', async () => {
    server.addRoute('/framed.html', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        `${STORE_PAGE}<iframe name="other" src="${localhostOrigin}/store.html"></iframe>` +
          '<iframe name="sandboxed" sandbox="allow-scripts" src="/store.html"></iframe>',
      );
    });
    const page = await ext.context.newPage();
    await page.goto(`${server.origin}/framed.html`);
    const count = () =>
      (window as unknown as PageWindow).webbits.getJobs().then(
        (jobs) => jobs.length,
        (e: Error) => e.name,
      );
    const frame = (name: string) => {
      const found = page.frame({ name });
      if (!found) throw new Error(`no frame ${name}`);
      return found;
    };
    expect(await page.evaluate(count)).toBeGreaterThan(0);
    expect(await frame('other').evaluate(count)).toBe(0);
    expect(await frame('sandboxed').evaluate(count)).toBe('NotAllowedError');
    await page.close();
  });

  it('counts a prompt closed without an answer as no decision, and asks again on the next call', async () => {
    // Another port is another origin.
    const second = await startTestServer();
    second.addRoute('/store.html', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(STORE_PAGE);
    });
    const page = await openStore(second.origin);
    const prompt = ext.context.waitForEvent('page', { predicate: (p) => p.url().includes('consent.html') });
    const first = page.evaluate(() =>
      (window as unknown as PageWindow).webbits.getJobs().then(
        () => 'resolved',
        (e: Error) => e.name,
      ),
    );
    await (await prompt).close();
    expect(await first).toBe('NotAllowedError');
    expect(await withPrompt(page, 'webbits.requestAccess()', 'Allow')).toBe('granted');
    await page.close();
    await second.close();
  });

  it('answers a flood of 5,000 createJob calls quickly with clear errors, without slowing another origin', async () => {
    const calm = await startTestServer();
    for (const target of [server, calm]) {
      target.addRoute('/flood.html', (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(STORE_PAGE);
      });
    }
    await ext.api('setSite', { origin: server.origin, decision: 'allowed' });
    await ext.api('setSite', { origin: calm.origin, decision: 'allowed' });
    const flooding = await ext.context.newPage();
    await flooding.goto(`${server.origin}/flood.html`);
    const quiet = await ext.context.newPage();
    await quiet.goto(`${calm.origin}/flood.html`);

    const flood = flooding.evaluate(async () => {
      const started = performance.now();
      const calls = Array.from({ length: 5000 }, (_, i) =>
        (window as unknown as PageWindow).webbits
          .createJob({ displayName: `flood ${i}`, files: [{ url: `http://127.0.0.1:9/flood/${i}` }] })
          .then(
            () => 'created',
            (error: Error) => error.name,
          ),
      );
      const outcomes = await Promise.all(calls);
      const counts: Record<string, number> = {};
      for (const outcome of outcomes) counts[outcome] = (counts[outcome] ?? 0) + 1;
      return { counts, ms: performance.now() - started };
    });
    const calmCall = await quiet.evaluate(async () => {
      const started = performance.now();
      const job = await (window as unknown as PageWindow).webbits.createJob({
        displayName: 'calm',
        files: [{ url: 'http://127.0.0.1:9/calm' }],
      });
      await job.cancel();
      return performance.now() - started;
    });
    const { counts, ms } = await flood;
    for (const name of Object.keys(counts)) {
      expect(['created', 'QuotaExceededError', 'BG_E_TOO_MANY_JOBS_PER_USER']).toContain(name);
    }
    // The engine's limit of unfinished jobs per owner holds; everything else got a named error.
    expect(counts.created).toBe(1000);
    expect(ms).toBeLessThan(60_000);
    expect(calmCall).toBeLessThan(3_000);
    await flooding.close();
    await quiet.close();
    await calm.close();
  });
});

interface WmpCollection {
  id: number;
  count: number;
  item(i: number): { downloadState: number; size: number; getItemInfo(name: string): string };
  startDownload(url: string, type: string): { downloadState: number; type: string };
}
interface WmpManager {
  ready: Promise<void>;
  createDownloadCollection(): WmpCollection;
  getDownloadCollection(id: number): WmpCollection;
}

type PageWindow = { webbits: import('../../src/page/webbits').WebBits };
