/**
 * Taking over the browser's downloads in real Firefox ESR (dist/firefox), the cases of
 * takeover.test.ts. Firefox reports a download as it starts (downloads.onCreated), without its
 * size and sometimes before its request: the size and the method come from the request it saw.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { startTestServer, type TestServer } from '../server/index';
import { sha256File } from './harness';
import { firefoxPath, launchFirefoxWithExtension, type FirefoxSession } from './firefox-launch';
import { waitForSavedFile } from './firefox-saved-file';
import { addTakeoverSite, type TakeoverSite } from './takeover-site';
import type { JobInfo } from '../../src/engine/types';
import type { ApiResponse } from '../../src/shared/api-messages';

const firefox = firefoxPath();
const MIB = 1024 * 1024;

let server: TestServer;
let session: FirefoxSession;
let site: TakeoverSite;
let page: Page;
let extensionPage: Page;

type Ext = {
  browser: {
    runtime: { sendMessage(message: unknown): Promise<unknown> };
    downloads: { search(query: object): Promise<Array<{ url: string; state: string }>> };
  };
};

async function api<T>(method: string, input?: unknown): Promise<T> {
  const answer = (await extensionPage.evaluate(
    (method, input) =>
      (globalThis as unknown as Ext).browser.runtime.sendMessage({ kind: 'webbits:api', method, input }),
    method,
    input,
  )) as ApiResponse;
  if (!answer.ok) throw new Error(`${answer.error.name}: ${answer.error.message}`);
  return answer.value as T;
}

const browserDownloads = () =>
  extensionPage.evaluate(async () =>
    (await (globalThis as unknown as Ext).browser.downloads.search({})).map(({ url, state }) => ({
      url,
      state,
    })),
  );
const jobsFor = async (url: string) =>
  (await api<JobInfo[]>('listJobs')).filter((job) => job.files[0]?.url === url);

async function browserKeeps(url: string, name: string, size: number): Promise<string> {
  await expect
    .poll(async () => (await browserDownloads()).find((item) => item.url === url)?.state, { timeout: 30_000 })
    .toBe('complete');
  return waitForSavedFile(join(session.downloadDir, name), size);
}

beforeAll(async () => {
  if (!firefox) return;
  server = await startTestServer();
  site = addTakeoverSite(server);
  session = await launchFirefoxWithExtension();
  extensionPage = await session.openExtensionPage('options');
  await api('setSettings', { takeOver: true });
  page = await session.browser.newPage();
  await page.goto(site.page);
});
afterAll(async () => {
  await session?.close();
  await server?.close();
});

it.skipIf(!firefox)(
  'takes over a 20 MiB attachment: one job, one file, nothing left in the browser',
  async () => {
    await page.click('#big');
    let job: JobInfo | undefined;
    await expect
      .poll(
        async () => {
          [job] = await jobsFor(site.big.url);
          return job?.state;
        },
        { timeout: 60_000, interval: 200 },
      )
      .toBe('ACKNOWLEDGED');
    expect(await jobsFor(site.big.url)).toHaveLength(1);
    expect(job?.owner).toBe('user');
    expect(job?.referrer).toBe(site.page);
    expect(job?.files[0]?.localPath).toBe('report.bin');
    const saved = await waitForSavedFile(join(session.downloadDir, 'report.bin'), 20 * MIB);
    expect(await sha256File(saved)).toBe(await site.big.sha256());
    expect(readdirSync(session.downloadDir)).toEqual(['report.bin']);
    expect((await browserDownloads()).filter((item) => item.url === site.big.url)).toEqual([]);
    const fromJob = server.stats.log.filter((entry) => entry.path === '/files/report.bin' && entry.range);
    expect(fromJob.length).toBeGreaterThan(0);
    expect(fromJob.every((entry) => entry.referer === site.page)).toBe(true);
  },
);

it.skipIf(!firefox)('leaves a file below the threshold to the browser', async () => {
  await page.click('#small');
  const saved = await browserKeeps(site.small.url, 'notes.bin', MIB);
  expect(await sha256File(saved)).toBe(await site.small.sha256());
  expect(await jobsFor(site.small.url)).toEqual([]);
});

it.skipIf(!firefox)('leaves a listed site to the browser', async () => {
  await api('setSettings', { takeOverNeverSites: [site.listed.host] });
  await page.click('#listed');
  const saved = await browserKeeps(site.listed.url, 'elsewhere.bin', 20 * MIB);
  expect(await sha256File(saved)).toBe(await site.listed.sha256());
  expect(await jobsFor(site.listed.url)).toEqual([]);
});

it.skipIf(!firefox)("leaves a form's POST download to the browser", async () => {
  await page.click('#post');
  const saved = await browserKeeps(site.postUrl, 'export.bin', 8 * MIB);
  expect(await sha256File(saved)).toBe(await site.postSha256());
  expect(await jobsFor(site.postUrl)).toEqual([]);
  expect(server.stats.log.filter((entry) => entry.path === '/export').map((entry) => entry.method)).toEqual([
    'POST',
  ]);
});
