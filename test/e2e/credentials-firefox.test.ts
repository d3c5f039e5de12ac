/**
 * Credentials in real Firefox ESR (dist/firefox), the same cases as in Chromium
 * (credentials.test.ts), asserted on what the server received.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { startTestServer, type TestServer } from '../server/index';
import { firefoxPath, launchFirefoxWithExtension, type FirefoxSession } from './firefox-launch';
import { SESSION_COOKIE, addCredentialSites, runPageJob, type CredentialSites } from './credentials-site';
import type { JobInfo } from '../../src/engine/types';
import type { ApiResponse } from '../../src/shared/api-messages';

const firefox = firefoxPath();

describe.skipIf(!firefox)('Firefox: credentials', () => {
  let server: TestServer;
  let session: FirefoxSession;
  let sites: CredentialSites;
  let page: Page;
  let extensionPage: Page;

  /** The background API, called from an extension page as the popup does. */
  const api = async (method: string, input?: unknown): Promise<unknown> => {
    const answer = (await extensionPage.evaluate(
      (method, input) =>
        (
          globalThis as unknown as { browser: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }
        ).browser.runtime.sendMessage({ kind: 'webbits:api', method, input }),
      method,
      input,
    )) as ApiResponse;
    if (!answer.ok) throw new Error(`${answer.error.name}: ${answer.error.message}`);
    return answer.value;
  };

  beforeAll(async () => {
    server = await startTestServer();
    sites = addCredentialSites(server);
    session = await launchFirefoxWithExtension({
      extensionDir: process.env.WEBBITS_FIREFOX_EXTENSION_DIR || undefined,
    });
    extensionPage = await session.openExtensionPage('options');
    await api('setSite', { origin: sites.ownOrigin, decision: 'allowed' });
    page = await session.browser.newPage();
    await page.goto(`${sites.otherOrigin}/login`);
    await page.goto(`${sites.ownOrigin}/login`);
    await page.goto(sites.storePage);
  });
  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  const noCookies = (cookies: (string | null)[]) => {
    expect(cookies.length).toBeGreaterThan(0);
    expect(cookies).toEqual(cookies.map(() => null));
  };
  const allCookies = (cookies: (string | null)[]) => {
    expect(cookies.length).toBeGreaterThan(0);
    expect(cookies.every((cookie) => cookie?.includes(SESSION_COOKIE))).toBe(true);
  };

  it('a page job sends no cookie to another site, directly or through a redirect', async () => {
    expect((await page.evaluate(runPageJob, sites.otherFile)).state).toBe('ACKNOWLEDGED');
    noCookies(sites.cookiesFor(sites.otherFile));
    expect((await page.evaluate(runPageJob, sites.redirectToOther)).state).toBe('ACKNOWLEDGED');
    noCookies(sites.cookiesFor(`${sites.otherOrigin}/cred/via-redirect.bin`));
  });

  it('a page job for its own site sends its cookie', async () => {
    expect((await page.evaluate(runPageJob, sites.ownFile)).state).toBe('ACKNOWLEDGED');
    allCookies(sites.cookiesFor(sites.ownFile));
  });

  it("a download the person adds sends the other site's cookie", async () => {
    server.resetStats();
    const added = (await api('addDownload', { url: sites.otherFile })) as JobInfo;
    let job = added;
    while (job.state !== 'ACKNOWLEDGED' && job.state !== 'ERROR') {
      await new Promise((resolve) => setTimeout(resolve, 100)); // Firefox: no jobs port from puppeteer
      job = ((await api('listJobs')) as JobInfo[]).find((candidate) => candidate.id === added.id) ?? job;
    }
    expect(job.state).toBe('ACKNOWLEDGED');
    allCookies(sites.cookiesFor(sites.otherFile));
  });
});
