/**
 * A logged-in download from the context menu in Chromium (job-model.md, "Credentials"): the site
 * serves its file only with its HttpOnly, SameSite=Lax session cookie and with `Referer` = the
 * page the link is on. "Download link with WebBITS" on that page saves the file itself.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../server/index';
import { launchExtension, savedFilePath, sha256File, waitForFile, type ExtensionSession } from './harness';
import { addLoggedInSite, MEMBER_COOKIE, type LoggedInSite } from './logged-in-site';

let server: TestServer;
let ext: ExtensionSession;
let site: LoggedInSite;
let page: Page;

beforeAll(async () => {
  server = await startTestServer();
  site = addLoggedInSite(server);
  ext = await launchExtension();
  page = await ext.context.newPage();
  await page.goto(site.loginPage);
  await page.goto(site.filesPage);
});
afterAll(async () => {
  await ext?.close();
  await server?.close();
});

it('"Download link with WebBITS" sends the session cookie and the page as Referer', async () => {
  const worker = await ext.serviceWorker();
  await worker.evaluate(
    async ({ linkUrl, pageUrl }) => {
      const [tab] = await chrome.tabs.query({ url: pageUrl });
      const click = (self as unknown as { webbitsMenuClick: (info: object, tab?: object) => Promise<void> })
        .webbitsMenuClick;
      await click(
        { menuItemId: 'webbits-download-link', linkUrl, pageUrl, editable: false, modifiers: [] },
        tab,
      );
    },
    { linkUrl: site.file, pageUrl: site.filesPage },
  );
  const job = await ext.waitForJobState(
    (j) => j.files[0]?.url === site.file && (j.state === 'ACKNOWLEDGED' || j.state === 'ERROR'),
  );
  expect(job.state).toBe('ACKNOWLEDGED');
  expect(job.referrer).toBe(site.filesPage);
  expect(await sha256File(await waitForFile(savedFilePath(ext, job)))).toBe(await site.sha256());
  const requests = site.fileRequests();
  expect(requests.length).toBeGreaterThan(0);
  for (const request of requests) {
    expect(request.cookie).toContain(MEMBER_COOKIE);
    expect(request.referer).toBe(site.filesPage);
  }
  // The rule that set the Referer goes with the job.
  await expect
    .poll(() => worker.evaluate(() => chrome.declarativeNetRequest.getDynamicRules()), { timeout: 5000 })
    .toEqual([]);
});

it('a link added in the popup, with no page behind it, gets the login page: no Referer is made up', async () => {
  server.resetStats();
  const added = await ext.api('addDownload', { url: site.file });
  const job = await ext.waitForJobState(
    (j) => j.id === added.id && (j.state === 'ACKNOWLEDGED' || j.state === 'ERROR'),
  );
  expect(job.referrer).toBeUndefined();
  expect(site.fileRequests().map((request) => request.referer)).toEqual([null]);
  expect(site.fileRequests()[0]?.cookie).toContain(MEMBER_COOKIE);
});
