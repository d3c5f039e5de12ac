/**
 * Credentials in Chromium (job-model.md, "Credentials"), asserted on what the server received. The
 * person is logged in on both sites (an HttpOnly, SameSite=Lax cookie each). A store page on
 * 127.0.0.1 may pull its own files with its cookie, but another site's files (localhost) only
 * without one, also through a redirect; a download the person adds sends the cookie.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useServerAndExtension } from './server-and-extension';
import { SESSION_COOKIE, addCredentialSites, runPageJob, type CredentialSites } from './credentials-site';

describe('credentials in Chromium', () => {
  const env = useServerAndExtension();
  let sites: CredentialSites;
  let page: Page;

  beforeAll(async () => {
    sites = addCredentialSites(env.server);
    const login = await env.ext.context.newPage();
    await login.goto(`${sites.otherOrigin}/login`);
    await login.goto(`${sites.ownOrigin}/login`);
    await login.close();
    await env.ext.api('setSite', { origin: sites.ownOrigin, decision: 'allowed' });
    page = await env.ext.context.newPage();
    await page.goto(sites.storePage);
  });

  it("a page job for another site's URL sends none of that site's cookies", async () => {
    const job = await page.evaluate(runPageJob, sites.otherFile);
    expect(job.state).toBe('ACKNOWLEDGED');
    const cookies = sites.cookiesFor(sites.otherFile);
    expect(cookies.length).toBeGreaterThan(0);
    expect(cookies).toEqual(cookies.map(() => null));
  });

  it('a page job for its own site sends its cookie', async () => {
    const job = await page.evaluate(runPageJob, sites.ownFile);
    expect(job.state).toBe('ACKNOWLEDGED');
    const cookies = sites.cookiesFor(sites.ownFile);
    expect(cookies.length).toBeGreaterThan(0);
    expect(cookies.every((cookie) => cookie?.includes(SESSION_COOKIE))).toBe(true);
  });

  it('a redirect from the own site to another site carries no cookie there', async () => {
    const job = await page.evaluate(runPageJob, sites.redirectToOther);
    expect(job.state).toBe('ACKNOWLEDGED');
    const target = `${sites.otherOrigin}/cred/via-redirect.bin`;
    const cookies = sites.cookiesFor(target);
    expect(cookies.length).toBeGreaterThan(0);
    expect(cookies).toEqual(cookies.map(() => null));
    // The browser hides where a redirect leads, so the own site's hop is asked again without
    // cookies and the browser follows it (owner-fetch.ts).
    const hops = sites.cookiesFor(sites.redirectToOther);
    expect(hops[0]).toContain(SESSION_COOKIE);
    expect(hops.at(-1)).toBeNull();
  });

  it("a download the person adds sends the other site's cookie", async () => {
    env.server.resetStats();
    const added = await env.ext.api('addDownload', { url: sites.otherFile });
    const done = await env.ext.waitForJobState(
      (job) => job.id === added.id && (job.state === 'ACKNOWLEDGED' || job.state === 'ERROR'),
    );
    expect(done.state).toBe('ACKNOWLEDGED');
    const cookies = sites.cookiesFor(sites.otherFile);
    expect(cookies.length).toBeGreaterThan(0);
    expect(cookies.every((cookie) => cookie?.includes(SESSION_COOKIE))).toBe(true);
  });
});
