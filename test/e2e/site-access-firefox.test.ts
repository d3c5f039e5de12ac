/**
 * Site access in real Firefox ESR (MV3 host permissions are the person's to withdraw): with access
 * withdrawn a job for the site waits in ERROR with a clear message and no request is made, the
 * popup and the options page say so and offer "Grant access", and granting it lets the job finish.
 * Firefox's prompt for `permissions.request` is switched off by a pref, so the click grants at once.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { startTestServer, type FileHandle, type TestServer } from '../server/index';
import { sha256File } from './harness';
import { firefoxPath, launchFirefoxWithExtension, type FirefoxSession } from './firefox-launch';
import { waitForSavedFile } from './firefox-saved-file';
import type { JobInfo } from '../../src/engine/types';
import type { ApiResponse } from '../../src/shared/api-messages';

const firefox = firefoxPath();

let server: TestServer;
let session: FirefoxSession;
let file: FileHandle;
let options: Page;

type Ext = {
  browser: {
    runtime: { sendMessage(message: unknown): Promise<unknown> };
    permissions: {
      remove(permissions: { origins: string[] }): Promise<boolean>;
      contains(permissions: { origins: string[] }): Promise<boolean>;
    };
  };
};

async function api<T>(method: string, input?: unknown): Promise<T> {
  const answer = (await options.evaluate(
    (method, input) =>
      (globalThis as unknown as Ext).browser.runtime.sendMessage({ kind: 'webbits:api', method, input }),
    method,
    input,
  )) as ApiResponse;
  if (!answer.ok) throw new Error(`${answer.error.name}: ${answer.error.message}`);
  return answer.value as T;
}

const jobState = async (id: string) => (await api<JobInfo[]>('listJobs')).find((job) => job.id === id);
const notice = (page: Page) =>
  page.evaluate(() => document.querySelector('.site-access')?.textContent ?? null);

beforeAll(async () => {
  if (!firefox) return;
  server = await startTestServer();
  file = server.addFile('/access/album.zip', { size: 3_000_000 });
  session = await launchFirefoxWithExtension({
    extraPrefs: { 'extensions.webextOptionalPermissionPrompts': false },
  });
  options = await session.openExtensionPage('options');
});
afterAll(async () => {
  await session?.close();
  await server?.close();
});

it.skipIf(!firefox)(
  'a job waits with a clear error while access is withdrawn, and finishes once granted',
  async () => {
    // Firefox grants <all_urls> as these three; the person's "remove site access" takes them all.
    const pattern = { origins: ['<all_urls>', 'http://*/*', 'https://*/*'] };
    expect(
      await options.evaluate((p) => (globalThis as unknown as Ext).browser.permissions.remove(p), pattern),
    ).toBe(true);
    const site = { origins: ['http://127.0.0.1/*'] };
    expect(
      await options.evaluate((p) => (globalThis as unknown as Ext).browser.permissions.contains(p), site),
    ).toBe(false);

    const added = await api<JobInfo>('addDownload', { url: file.url });
    await expect.poll(async () => (await jobState(added.id))?.state, { timeout: 10_000 }).toBe('ERROR');
    const waiting = await jobState(added.id);
    expect(waiting?.error?.code).toBe('E_ACCESSDENIED');
    expect(waiting?.error?.message).toContain(`does not let WebBITS reach ${new URL(file.url).host}`);
    // Waiting, not retrying: a settings change re-plans every job at once, and still nothing
    // reaches the server.
    await api('setSettings', { backgroundJobs: 3 });
    expect((await jobState(added.id))?.state).toBe('ERROR');
    expect(server.stats.byPath.get('/access/album.zip')?.requests ?? 0).toBe(0);

    const popup = await session.openExtensionPage('popup');
    await expect.poll(() => notice(popup), { timeout: 10_000 }).toContain(new URL(file.url).host);
    expect(await notice(popup)).toContain('Grant access');
    const reloaded = await session.openExtensionPage('options');
    await expect.poll(() => notice(reloaded), { timeout: 10_000 }).toContain(new URL(file.url).host);

    await popup.click('.site-access button');
    await expect
      .poll(async () => (await jobState(added.id))?.state, { timeout: 30_000 })
      .toBe('ACKNOWLEDGED');
    const done = await jobState(added.id);
    const saved = await waitForSavedFile(
      join(session.downloadDir, done?.files[0]?.localPath ?? ''),
      3_000_000,
    );
    expect(await sha256File(saved)).toBe(await file.sha256());
    await expect.poll(() => notice(popup), { timeout: 10_000 }).toBeNull();
  },
);
