/**
 * The logged-in download of logged-in-download.test.ts in real Firefox ESR (dist/firefox): the
 * context menu's handler, reached on the background page as `webbitsMenuClick` (build-and-test.md),
 * saves a file the site serves only with its HttpOnly, SameSite=Lax cookie and the page as Referer.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { startTestServer, type TestServer } from '../server/index';
import { sha256File } from './harness';
import { firefoxPath, launchFirefoxWithExtension, type FirefoxSession } from './firefox-launch';
import { waitForSavedFile } from './firefox-saved-file';
import { addLoggedInSite, MEMBER_COOKIE, type LoggedInSite } from './logged-in-site';
import type { JobInfo } from '../../src/engine/types';

const firefox = firefoxPath();

let server: TestServer;
let session: FirefoxSession;
let site: LoggedInSite;
let extensionPage: Page;

type Ext = {
  browser: {
    runtime: {
      getBackgroundPage(): Promise<Record<string, unknown>>;
      sendMessage(m: unknown): Promise<unknown>;
    };
    tabs: { query(q: object): Promise<Array<{ id: number }>> };
    declarativeNetRequest: { getDynamicRules(): Promise<unknown[]> };
  };
};

beforeAll(async () => {
  if (!firefox) return;
  server = await startTestServer();
  site = addLoggedInSite(server);
  session = await launchFirefoxWithExtension();
  const page = await session.browser.newPage();
  await page.goto(site.loginPage);
  await page.goto(site.filesPage);
  extensionPage = await session.openExtensionPage('options');
});
afterAll(async () => {
  await session?.close();
  await server?.close();
});

it.skipIf(!firefox)(
  '"Download link with WebBITS" sends the session cookie and the page as Referer',
  async () => {
    await extensionPage.evaluate(
      async (linkUrl, pageUrl) => {
        const { browser } = globalThis as unknown as Ext;
        const [tab] = await browser.tabs.query({ url: pageUrl });
        const background = await browser.runtime.getBackgroundPage();
        const click = background.webbitsMenuClick as (info: object, tab?: object) => Promise<void>;
        await click(
          { menuItemId: 'webbits-download-link', linkUrl, pageUrl, editable: false, modifiers: [] },
          tab,
        );
      },
      site.file,
      site.filesPage,
    );
    let job: JobInfo | undefined;
    while (job?.state !== 'ACKNOWLEDGED' && job?.state !== 'ERROR') {
      await new Promise((resolve) => setTimeout(resolve, 100)); // Firefox: no jobs port from puppeteer
      const answer = (await extensionPage.evaluate(() =>
        (globalThis as unknown as Ext).browser.runtime.sendMessage({
          kind: 'webbits:api',
          method: 'listJobs',
        }),
      )) as { value: JobInfo[] };
      job = answer.value.find((candidate) => candidate.files[0]?.url === site.file);
    }
    expect(job.state).toBe('ACKNOWLEDGED');
    expect(job.referrer).toBe(site.filesPage);
    const localPath = job.files[0]?.localPath ?? '';
    const saved = await waitForSavedFile(join(session.downloadDir, localPath), 1_500_000);
    expect(await sha256File(saved)).toBe(await site.sha256());
    const requests = site.fileRequests();
    expect(requests.length).toBeGreaterThan(0);
    for (const request of requests) {
      expect(request.cookie).toContain(MEMBER_COOKIE);
      expect(request.referer).toBe(site.filesPage);
    }
    // The rule that set the Referer goes with the job.
    await expect
      .poll(
        () =>
          extensionPage.evaluate(() =>
            (globalThis as unknown as Ext).browser.declarativeNetRequest.getDynamicRules(),
          ),
        { timeout: 5000 },
      )
      .toEqual([]);
  },
);
