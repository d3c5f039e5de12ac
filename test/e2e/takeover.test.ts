/**
 * Taking over the browser's downloads in Chromium (ui.md): with the option on, a click on a big
 * attachment link ends as one WebBITS job and one file (no .crdownload, nothing left in the
 * browser's list); small files, listed sites and a form's POST stay with the browser.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../server/index';
import { launchExtension, sha256File, waitForFile, type ExtensionSession } from './harness';
import { addTakeoverSite, type TakeoverSite } from './takeover-site';

let server: TestServer;
let ext: ExtensionSession;
let site: TakeoverSite;
let page: Page;

beforeAll(async () => {
  server = await startTestServer();
  site = addTakeoverSite(server);
  ext = await launchExtension();
  await ext.api('setSettings', { takeOver: true });
  page = await ext.context.newPage();
  await page.goto(site.page);
});
afterAll(async () => {
  await ext?.close();
  await server?.close();
});

/** The browser's own download list (chrome.downloads.search), as url and state. */
async function browserDownloads(): Promise<Array<{ url: string; state: string; filename: string }>> {
  const worker = await ext.serviceWorker();
  return worker.evaluate(async () =>
    (await chrome.downloads.search({})).map(({ url, state, filename }) => ({ url, state, filename })),
  );
}

const jobsFor = async (url: string) => (await ext.api('listJobs')).filter((job) => job.files[0]?.url === url);

/** Waits until the browser itself finished downloading `url`. */
async function browserKeeps(url: string): Promise<void> {
  await expect
    .poll(async () => (await browserDownloads()).find((item) => item.url === url)?.state, { timeout: 30_000 })
    .toBe('complete');
}

it('takes over a 20 MiB attachment: one job, one file, nothing left in the browser', async () => {
  await page.click('#big');
  const job = await ext.waitForJobState(
    (j) => j.files[0]?.url === site.big.url && (j.state === 'ACKNOWLEDGED' || j.state === 'ERROR'),
  );
  expect(job.state).toBe('ACKNOWLEDGED');
  expect(job.owner).toBe('user');
  expect(job.referrer).toBe(site.page);
  expect(job.files[0]?.localPath).toBe('report.bin');
  expect(await jobsFor(site.big.url)).toHaveLength(1);
  const saved = await waitForFile(join(ext.downloadDir, 'report.bin'));
  expect(await sha256File(saved)).toBe(await site.big.sha256());
  expect(readdirSync(ext.downloadDir)).toEqual(['report.bin']);
  expect((await browserDownloads()).filter((item) => item.url === site.big.url)).toEqual([]);
  // The browser asked once; the job's own requests carried the page as Referer.
  const requests = server.stats.log.filter((entry) => entry.path === '/files/report.bin');
  const fromJob = requests.filter((entry) => entry.range !== null);
  expect(fromJob.length).toBeGreaterThan(0);
  expect(fromJob.every((entry) => entry.referer === site.page)).toBe(true);
});

it('takes over a download that wakes a stopped service worker', async () => {
  await ext.stopServiceWorker();
  await page.click('#archive');
  const job = await ext.waitForJobState(
    (j) => j.files[0]?.url === site.archive.url && (j.state === 'ACKNOWLEDGED' || j.state === 'ERROR'),
  );
  expect(job.state).toBe('ACKNOWLEDGED');
  expect(job.files[0]?.localPath).toBe('archive.bin');
  const saved = await waitForFile(join(ext.downloadDir, 'archive.bin'));
  expect(await sha256File(saved)).toBe(await site.archive.sha256());
  expect(readdirSync(ext.downloadDir).sort()).toEqual(['archive.bin', 'report.bin']);
  expect((await browserDownloads()).filter((item) => item.url === site.archive.url)).toEqual([]);
});

it('leaves a file below the threshold to the browser', async () => {
  await page.click('#small');
  await browserKeeps(site.small.url);
  expect(await sha256File(join(ext.downloadDir, 'notes.bin'))).toBe(await site.small.sha256());
  expect(await jobsFor(site.small.url)).toEqual([]);
});

it('leaves a listed site to the browser', async () => {
  await ext.api('setSettings', { takeOverNeverSites: [site.listed.host] });
  await page.click('#listed');
  await browserKeeps(site.listed.url);
  expect(await sha256File(join(ext.downloadDir, 'elsewhere.bin'))).toBe(await site.listed.sha256());
  expect(await jobsFor(site.listed.url)).toEqual([]);
});

it("leaves a form's POST download to the browser", async () => {
  await page.click('#post');
  await browserKeeps(site.postUrl);
  expect(await sha256File(join(ext.downloadDir, 'export.bin'))).toBe(await site.postSha256());
  expect(await jobsFor(site.postUrl)).toEqual([]);
  expect(server.stats.log.filter((entry) => entry.path === '/export').map((entry) => entry.method)).toEqual([
    'POST',
  ]);
});

it("keeps WebBITS's own saves out of it: their names, uniquified as before, and no second job", async () => {
  const names: string[] = [];
  for (let i = 0; i < 2; i++) {
    const added = await ext.api('addDownload', { url: site.small.url });
    const job = await ext.waitForJobState((j) => j.id === added.id && j.state === 'ACKNOWLEDGED');
    names.push(job.files[0]?.localPath ?? '');
  }
  // notes.bin is the browser's own copy from above.
  expect(names).toEqual(['notes (1).bin', 'notes (2).bin']);
  expect(await jobsFor(site.small.url)).toHaveLength(2);
  for (const name of names) {
    expect(await sha256File(await waitForFile(join(ext.downloadDir, name)))).toBe(await site.small.sha256());
  }
});
