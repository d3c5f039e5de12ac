/**
 * The hand-off to aria2 in real Firefox ESR (dist/firefox), one smoke test: with "Downloads I
 * start", a members' file that needs the browser's HttpOnly cookie goes to a real aria2c at once,
 * the job follows it to ACKNOWLEDGED, and aria2's file has the right sha256.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import type { JobInfo } from '../../src/engine/types';
import { startTestServer, type TestServer } from '../server/index';
import { startAria2Daemon, type Aria2Daemon } from '../engine/aria2/aria2-daemon';
import { firefoxPath, launchFirefoxWithExtension, type FirefoxSession } from './firefox-launch';
import { addAria2Site, MEMBER_COOKIE, type Aria2Site } from './aria2-site';

const firefox = firefoxPath();

let server: TestServer;
let site: Aria2Site;
let daemon: Aria2Daemon;
let session: FirefoxSession;
let extensionPage: Page;

type Ext = { browser: { runtime: { sendMessage(m: unknown): Promise<unknown> } } };

/** The background API from an extension page, as the popup calls it. */
async function api<T>(method: string, input?: unknown): Promise<T> {
  const answer = (await extensionPage.evaluate(
    (m, i) =>
      (globalThis as unknown as Ext).browser.runtime.sendMessage({
        kind: 'webbits:api',
        method: m,
        input: i,
      }),
    method,
    input,
  )) as { ok: boolean; value: T; error?: { message: string } };
  if (!answer.ok) throw new Error(answer.error?.message ?? `${method} failed`);
  return answer.value;
}

beforeAll(async () => {
  if (!firefox) return;
  server = await startTestServer();
  site = addAria2Site(server);
  daemon = await startAria2Daemon();
  session = await launchFirefoxWithExtension();
  const page = await session.browser.newPage();
  await page.goto(site.loginPage);
  extensionPage = await session.openExtensionPage('options');
});
afterAll(async () => {
  await session?.close();
  await daemon?.stop();
  await server?.close();
});

it.skipIf(!firefox)('"Downloads I start" hands a logged-in download to aria2, which saves it', async () => {
  await api('setSettings', {
    aria2Address: daemon.wsAddress,
    aria2Secret: daemon.secret,
    aria2Send: 'start',
  });
  const file = site.addFile('firefox.bin', 3 * 1024 * 1024);
  const added = await api<JobInfo>('addDownload', { url: file.url, referrer: site.filesPage });
  expect(added.aria2?.address).toBe(daemon.wsAddress);
  let job: JobInfo | undefined = added;
  while (job?.state !== 'ACKNOWLEDGED' && job?.state !== 'ERROR') {
    await new Promise((resolve) => setTimeout(resolve, 100)); // Firefox: no jobs port from puppeteer
    job = (await api<JobInfo[]>('listJobs')).find((candidate) => candidate.id === added.id);
  }
  expect(job.error).toBeNull();
  expect(job.files[0]?.localPath).toBe(`${daemon.dir}/firefox.bin`);
  const saved = await readFile(`${daemon.dir}/firefox.bin`);
  expect(createHash('sha256').update(saved).digest('hex')).toBe(await file.sha256());
  for (const request of site.requests(file)) {
    expect(request.cookie).toContain(MEMBER_COOKIE);
    expect(request.referer).toBe(site.filesPage);
  }
});
