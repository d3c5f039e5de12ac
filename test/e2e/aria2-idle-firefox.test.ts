/**
 * Firefox stops an idle background page, and with it the engine host's worker that follows the
 * downloads handed to aria2 (docs/aria2.md, "Where the mirroring runs"). With the idle time cut to
 * 2 s: the page stays while aria2 downloads for over three idle times, the job reaches ACKNOWLEDGED
 * on its own, and then nothing keeps the page.
 */
import { existsSync, statSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import type { JobInfo } from '../../src/engine/types';
import { startTestServer, type TestServer } from '../server/index';
import { startAria2Daemon, type Aria2Daemon } from '../engine/aria2/aria2-daemon';
import { firefoxPath, launchFirefoxWithExtension, type FirefoxSession } from './firefox-launch';

const firefox = firefoxPath();
const IDLE_TIMEOUT_MS = 2_000;
const SIZE = 3 * 1024 * 1024;

type BackgroundWindow = Window & { webbitsTest: { keepAliveIntervalMs(ms: number): Promise<void> } };
type ExtensionGlobal = {
  browser: {
    runtime: {
      sendMessage(message: unknown): Promise<unknown>;
      getBackgroundPage(): Promise<BackgroundWindow>;
    };
  };
  webbitsBackground?: BackgroundWindow;
};

let server: TestServer;
let daemon: Aria2Daemon;
let session: FirefoxSession;
let page: Page;

beforeAll(async () => {
  if (!firefox) return;
  server = await startTestServer();
  daemon = await startAria2Daemon();
  session = await launchFirefoxWithExtension({
    extraPrefs: { 'extensions.background.idle.timeout': IDLE_TIMEOUT_MS },
  });
  page = await session.openExtensionPage('options');
});
afterAll(async () => {
  await session?.close();
  await daemon?.stop();
  await server?.close();
});

function backgroundAlive(): Promise<boolean> {
  return page.evaluate(() => {
    const background = (globalThis as unknown as ExtensionGlobal).webbitsBackground;
    try {
      return background !== undefined && !background.closed && background.document !== null;
    } catch {
      return false;
    }
  });
}

const savedByAria2 = (path: string): boolean =>
  existsSync(path) && statSync(path).size === SIZE && !existsSync(`${path}.aria2`);

it.skipIf(!firefox)(
  'the background page stays while aria2 downloads a handed-off job, then lets go',
  async () => {
    const file = server.addFile('/big/image.iso', { size: SIZE });
    // About 8 s at 384 KiB/s: over three idle times.
    server.setThrottle(384 * 1024, '/big/image.iso');
    const started = Date.now();
    // One evaluation, so the page cannot idle out in between: hold its window, ping below the idle
    // time, set aria2 up and add the download (handed off at once).
    const job = (await page.evaluate(
      async (url: string, address: string, secret: string, intervalMs: number) => {
        const scope = globalThis as unknown as ExtensionGlobal;
        type Answer = { ok: boolean; value: unknown; error?: { message: string } };
        const send = async (method: string, input?: unknown) => {
          const answer = (await scope.browser.runtime.sendMessage({
            kind: 'webbits:api',
            method,
            input,
          })) as Answer;
          if (!answer.ok) throw new Error(answer.error?.message);
          return answer.value;
        };
        await send('getStatus');
        const background = await scope.browser.runtime.getBackgroundPage();
        scope.webbitsBackground = background;
        await background.webbitsTest.keepAliveIntervalMs(intervalMs);
        await send('setSettings', { aria2Address: address, aria2Secret: secret, aria2Send: 'start' });
        return send('addDownload', { url });
      },
      file.url,
      daemon.httpAddress,
      daemon.secret,
      IDLE_TIMEOUT_MS / 4,
    )) as JobInfo;
    expect(job.aria2).toBeDefined();

    // Nothing is sent to the background from here on: only its own pings keep it.
    const path = `${daemon.dir}/image.iso`;
    let stoppedAfterMs: number | null = null;
    while (!savedByAria2(path) && Date.now() - started < 60_000) {
      if (!(await backgroundAlive())) {
        stoppedAfterMs = Date.now() - started;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(
      stoppedAfterMs,
      'the background page was stopped while aria2 downloaded (ms after the start)',
    ).toBeNull();
    expect(Date.now() - started).toBeGreaterThan(3 * IDLE_TIMEOUT_MS);

    // The job ends on its own (read once a second), then nothing keeps the page.
    const savedAt = Date.now();
    while ((await backgroundAlive()) && Date.now() - savedAt < 5 * IDLE_TIMEOUT_MS + 10_000)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await backgroundAlive(), 'the background page still runs after the job ended').toBe(false);
    const jobs = (await page.evaluate(() =>
      (globalThis as unknown as ExtensionGlobal).browser.runtime.sendMessage({
        kind: 'webbits:api',
        method: 'listJobs',
      }),
    )) as { value: JobInfo[] };
    const after = jobs.value.find((candidate) => candidate.id === job.id);
    expect(after?.state).toBe('ACKNOWLEDGED');
    expect(after?.files[0]?.localPath).toBe(path);
  },
);
