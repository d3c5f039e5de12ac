/**
 * The engine host in real Firefox ESR (dist/firefox): the worker the background page starts, on
 * each of its stores (host-store.ts).
 *
 * - Backing files: a multi-MiB download over 4 connections saves with the server's bytes, and
 *   leaves no backing file in the origin private file system.
 * - The background page's lifetime: Firefox stops it one idle time after its last event or
 *   extension API call; a running transfer, its worker and the host's events do not count (with
 *   the keep-alive pinging slower than the idle time, the page stops one idle time after the job
 *   starts, and its transfer goes on only when the heartbeat alarm wakes it). With the idle time
 *   cut to 2 s and the keep-alive pinging below it, a transfer lasting over three idle times
 *   completes in the page that started it, each byte asked for once; once the job is over,
 *   nothing keeps the page and Firefox stops it.
 * - Private browsing (no IndexedDB, no origin private file system): jobs run from memory, a
 *   download still saves with the right bytes, and the popup says the jobs will not survive.
 *
 * While it watches the page's lifetime the test sends the background nothing: every message would
 * reset the idle timer. It holds the page's window (`runtime.getBackgroundPage()` from an
 * extension page) and reads whether it is gone: a stopped page's window is a dead object.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { startTestServer, type RequestLogEntry, type TestServer } from '../server/index';
import { firefoxHostCall } from './firefox-host-hooks';
import { firefoxPath, launchFirefoxWithExtension, type FirefoxSession } from './firefox-launch';
import { isSaved, waitForSavedFile } from './firefox-saved-file';
import type { JobInfo } from '../../src/engine/types';
import type { ApiResponse } from '../../src/shared/api-messages';

const MiB = 1 << 20;
const CONNECTIONS = 4;
const firefox = firefoxPath();
if (!firefox) console.warn('Firefox engine host tests skipped: neither firefox-esr nor firefox is installed');

const extensionDir = process.env.WEBBITS_FIREFOX_EXTENSION_DIR || undefined;

type ExtensionGlobal = {
  browser: {
    runtime: {
      sendMessage(message: unknown): Promise<unknown>;
      getBackgroundPage(): Promise<BackgroundWindow>;
    };
  };
  webbitsBackground?: BackgroundWindow;
};
type BackgroundWindow = Window & { webbitsTest: { keepAliveIntervalMs(ms: number): Promise<void> } };

/** The background API, called from an extension page as the popup does. */
async function api(page: Page, method: string, input?: unknown): Promise<unknown> {
  const answer = (await page.evaluate(
    (method, input) =>
      (globalThis as unknown as ExtensionGlobal).browser.runtime.sendMessage({
        kind: 'webbits:api',
        method,
        input,
      }),
    method,
    input,
  )) as ApiResponse;
  if (!answer.ok) throw new Error(`${method}: ${answer.error.name}: ${answer.error.message}`);
  return answer.value;
}

/** Polls listJobs (each call is a message: it keeps the background awake). */
async function waitForJob(page: Page, id: string, done: (job: JobInfo) => boolean): Promise<JobInfo> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const job = ((await api(page, 'listJobs')) as JobInfo[]).find((candidate) => candidate.id === id);
    if (job && done(job)) return job;
    if (Date.now() > deadline) throw new Error(`Job ${id} is still ${job?.state ?? 'missing'}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The names in the extension's origin private file system (the backing files). */
function opfsNames(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const names: string[] = [];
    const root = (await navigator.storage.getDirectory()) as unknown as { keys(): AsyncIterable<string> };
    for await (const name of root.keys()) names.push(name);
    return names;
  });
}

/** Whether the background page whose window `page` holds still runs (a stopped one is a dead object). */
function backgroundAlive(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const background = (globalThis as unknown as ExtensionGlobal).webbitsBackground;
    try {
      return background !== undefined && !background.closed && background.document !== null;
    } catch {
      return false;
    }
  });
}

/**
 * The byte ranges `entries` (GETs of one file) asked for, as [start, end) sorted by start; an
 * open-ended one (`bytes=a-`, or no Range) ends where the next asked-for range starts.
 */
function requestedRanges(entries: RequestLogEntry[], size: number): Array<[number, number]> {
  const asked = entries.map((entry) => {
    const match = /^bytes=(\d+)-(\d*)$/.exec(entry.range ?? 'bytes=0-');
    if (entry.method !== 'GET' || !match)
      throw new Error(`Unexpected request ${entry.method} ${entry.range}`);
    return { start: Number(match[1]), end: match[2] ? Number(match[2]) + 1 : null };
  });
  const starts = asked.map(({ start }) => start);
  return asked
    .map(({ start, end }): [number, number] => [
      start,
      end ?? Math.min(size, ...starts.filter((other) => other > start)),
    ])
    .sort((a, b) => a[0] - b[0]);
}

function sha256Of(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

describe.skipIf(!firefox)('Firefox engine host: backing files in the origin private file system', () => {
  let server: TestServer;
  let session: FirefoxSession;
  let page: Page;

  beforeAll(async () => {
    server = await startTestServer();
    session = await launchFirefoxWithExtension({ extensionDir });
    page = await session.openExtensionPage('options');
  });
  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  it('saves a download over 4 connections with the right bytes and leaves no backing file', async () => {
    expect(await api(page, 'getStatus')).toEqual({ storage: 'opfs' });
    // Firefox has no shared mode for sync access handles: the host's worker flushes its own.
    expect(await firefoxHostCall(page, 'flushThread')).toBe('engine host');
    await api(page, 'setSettings', { connectionsPerFile: CONNECTIONS });
    const size = 8 * MiB + 4_321;
    const file = server.addFile('/opfs/concert.flac', { size, contentType: 'audio/flac' });
    // About 2 s over 4 connections: long enough for the file to split into 4 ranges.
    server.setThrottle(MiB, '/opfs/concert.flac');
    server.resetStats();

    const job = (await api(page, 'addDownload', { url: file.url })) as JobInfo;
    const saved = await waitForSavedFile(join(session.downloadDir, 'concert.flac'), size);
    expect(sha256Of(saved)).toBe(await file.sha256());
    expect(server.stats.maxConcurrent).toBe(CONNECTIONS);

    await waitForJob(page, job.id, (candidate) => candidate.state === 'ACKNOWLEDGED');
    // The backing file goes once the browser reports the saved copy complete.
    const deadline = Date.now() + 10_000;
    let names = await opfsNames(page);
    while (names.length > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      names = await opfsNames(page);
    }
    expect(names).toEqual([]);
  });
});

describe.skipIf(!firefox)('Firefox engine host: the background page while a transfer runs', () => {
  const IDLE_TIMEOUT_MS = 2_000;
  let server: TestServer;
  let session: FirefoxSession;
  let page: Page;

  beforeAll(async () => {
    server = await startTestServer();
    session = await launchFirefoxWithExtension({
      extensionDir,
      extraPrefs: { 'extensions.background.idle.timeout': IDLE_TIMEOUT_MS },
    });
    page = await session.openExtensionPage('options');
  });
  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  it('keeps the page through a transfer of over three idle times, each byte sent once; then lets it stop', async () => {
    await api(page, 'setSettings', { connectionsPerFile: CONNECTIONS });
    const size = 8 * MiB;
    const path = '/long/symphony.flac';
    const file = server.addFile(path, { size, contentType: 'audio/flac' });
    // 4 × 320 KiB/s: about 6.4 s, over three idle times.
    server.setThrottle(320 * 1024, path);
    server.resetStats();

    // One evaluation, so that the page cannot idle out in between: wake it, hold its window, make
    // the keep-alive ping below the idle time, add the job.
    const started = Date.now();
    const job = (await page.evaluate(
      async (url: string, intervalMs: number) => {
        const scope = globalThis as unknown as ExtensionGlobal;
        const send = (method: string, input?: unknown) =>
          scope.browser.runtime.sendMessage({ kind: 'webbits:api', method, input }) as Promise<ApiResponse>;
        await send('getStatus');
        const background = await scope.browser.runtime.getBackgroundPage();
        scope.webbitsBackground = background;
        await background.webbitsTest.keepAliveIntervalMs(intervalMs);
        const added = await send('addDownload', { url });
        if (!added.ok) throw new Error(added.error.message);
        return added.value as JobInfo;
      },
      file.url,
      IDLE_TIMEOUT_MS / 4,
    )) as JobInfo;

    // Nothing is sent to the background from here on: only its keep-alive resets the idle timer.
    const savedPath = join(session.downloadDir, 'symphony.flac');
    let stoppedAfterMs: number | null = null;
    while (!isSaved(savedPath, size) && Date.now() - started < 60_000) {
      if (!(await backgroundAlive(page))) {
        stoppedAfterMs = Date.now() - started;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(stoppedAfterMs, 'the background page was stopped mid-transfer (ms after the start)').toBeNull();
    await waitForSavedFile(savedPath, size);
    expect(Date.now() - started).toBeGreaterThan(3 * IDLE_TIMEOUT_MS);
    expect(sha256Of(savedPath)).toBe(await file.sha256());
    // No restart: the GETs asked for each byte once (a restarted transfer asks again from inside a
    // range it had asked for), and the server sent the file once, plus what the first, open-ended
    // request sent past the start of the next range before it was cut there.
    const ranges = requestedRanges(
      server.stats.log.filter((entry) => entry.path === path),
      size,
    );
    expect(ranges[0]?.[0]).toBe(0);
    for (let i = 1; i < ranges.length; i++)
      expect(ranges[i]?.[0], 'ranges asked for').toBe(ranges[i - 1]?.[1]);
    expect(ranges.at(-1)?.[1]).toBe(size);
    const sent = server.stats.byPath.get(path)?.bodyBytesSent ?? 0;
    expect(sent).toBeGreaterThanOrEqual(size);
    expect(sent).toBeLessThan(size + MiB);
    expect(server.stats.maxConcurrent).toBe(CONNECTIONS);

    // The job is over once the browser reports the file complete: then nothing keeps the page.
    const savedAt = Date.now();
    while ((await backgroundAlive(page)) && Date.now() - savedAt < 5 * IDLE_TIMEOUT_MS + 10_000)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await backgroundAlive(page), 'the background page still runs after the job ended').toBe(false);

    // A message starts it again; the job's record says it was acknowledged.
    const after = await waitForJob(page, job.id, () => true);
    expect(after.state).toBe('ACKNOWLEDGED');
  });
});

describe.skipIf(!firefox)('Firefox engine host: private browsing', () => {
  let server: TestServer;
  let session: FirefoxSession;
  let page: Page;

  beforeAll(async () => {
    server = await startTestServer();
    session = await launchFirefoxWithExtension({
      extensionDir,
      extraPrefs: { 'browser.privatebrowsing.autostart': true },
      allowPrivateBrowsing: true,
    });
    page = await session.openExtensionPage('options');
  });
  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  it('runs from memory, saves a download with the right bytes, and the popup says jobs will not survive', async () => {
    expect(await api(page, 'getStatus')).toEqual({ storage: 'memory' });
    const size = 3 * MiB + 99;
    const file = server.addFile('/private/song.ogg', { size, contentType: 'audio/ogg' });
    server.setThrottle(2 * MiB, '/private/song.ogg');

    const job = (await api(page, 'addDownload', { url: file.url })) as JobInfo;
    const saved = await waitForSavedFile(join(session.downloadDir, 'song.ogg'), size);
    expect(sha256Of(saved)).toBe(await file.sha256());
    expect((await waitForJob(page, job.id, (candidate) => candidate.state === 'ACKNOWLEDGED')).state).toBe(
      'ACKNOWLEDGED',
    );

    const popup = await session.openExtensionPage('popup');
    const note = await popup.waitForSelector('.popup-storage-note', { timeout: 10_000 });
    expect(await note?.evaluate((element) => element.textContent)).toBe(
      'Private browsing: these downloads will not survive a restart of the browser.',
    );
  });
});
