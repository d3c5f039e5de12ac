/**
 * Hand-off to aria2 in Chromium (job-model.md "Hand-off to aria2", ui.md): a real `aria2c
 * --enable-rpc` on 127.0.0.1 with its own port, secret, folder and session file; a members' site
 * whose files need the browser's HttpOnly session cookie. Asserted: what aria2 saved (sha256,
 * path), what aria2 itself says (tellStatus), and what the popup shows and does.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { createAria2Client, type Aria2Client } from '../../src/engine/aria2/aria2-client';
import type { JobInfo } from '../../src/engine/types';
import { startTestServer, type FileHandle, type TestServer } from '../server/index';
import { nodeAria2Ports, startAria2Daemon, type Aria2Daemon } from '../engine/aria2/aria2-daemon';
import { launchExtension, type ExtensionSession } from './harness';
import { addAria2Site, MEMBER_COOKIE, type Aria2Site } from './aria2-site';

const MiB = 1024 * 1024;

let server: TestServer;
let site: Aria2Site;
let daemon: Aria2Daemon;
let aria2: Aria2Client;
let ext: ExtensionSession;

beforeAll(async () => {
  server = await startTestServer();
  site = addAria2Site(server);
  daemon = await startAria2Daemon({ session: true });
  aria2 = createAria2Client({ address: daemon.httpAddress, secret: daemon.secret }, nodeAria2Ports());
  ext = await launchExtension();
  await logIn();
  // A short retry delay for the person's downloads, so a retry comes within the test.
  await ext.api('setSettings', {
    aria2Address: daemon.httpAddress,
    aria2Secret: daemon.secret,
    aria2Send: 'choose',
    userRetryDelay: 5,
  });
});
afterAll(async () => {
  await ext?.close();
  aria2?.close();
  await daemon?.stop();
  await server?.close();
});

/** The site's session cookie, which the browser forgets when it closes. */
async function logIn(): Promise<void> {
  const page = await ext.context.newPage();
  await page.goto(site.loginPage);
  await page.close();
}

const sha256Of = async (path: string) =>
  createHash('sha256')
    .update(await readFile(path))
    .digest('hex');
const rowOf = (popup: Page, job: JobInfo): Locator => popup.locator(`li[data-job-id="${job.id}"]`);
const until = (job: JobInfo, ...states: string[]) =>
  ext.waitForJobState((j) => j.id === job.id && states.includes(j.state), 30_000);
const aria2Status = (gid: string) => aria2.tellStatus(gid).then((s) => s.status as string);

/** A members' file added in the popup's way (a "user" job), with the files page as its Referer. */
async function addMembersFile(
  name: string,
  size: number,
  throttle: number | null,
): Promise<{ job: JobInfo; file: FileHandle }> {
  const file = site.addFile(name, size);
  server.setThrottle(throttle, new URL(file.url).pathname);
  const job = await ext.api('addDownload', { url: file.url, referrer: site.filesPage });
  return { job, file };
}

it('"Send to aria2" on a row hands the logged-in download over; aria2 saves it and the row says "In aria2"', async () => {
  // Held at 0 bytes per second: the browser has started it and is stuck when the person sends it.
  const { job, file } = await addMembersFile('album.bin', 4 * MiB, 0);
  await until(job, 'CONNECTING', 'TRANSFERRING');
  const popup = await ext.openExtensionPage('popup');
  const row = rowOf(popup, job);
  await row.getByRole('button', { name: 'Send to aria2' }).click();
  await expect.poll(() => row.getByText('In aria2').count()).toBe(1);

  const seen = new Set<string>();
  const handed = await ext.waitForJobState((j) => {
    if (j.id === job.id && j.aria2) seen.add(j.state);
    return j.id === job.id && j.aria2 !== undefined;
  });
  expect(handed.aria2?.address).toBe(daemon.httpAddress);
  server.setThrottle(2 * MiB, new URL(file.url).pathname);
  const done = await ext.waitForJobState((j) => {
    if (j.id === job.id) seen.add(j.state);
    return j.id === job.id && (j.state === 'ACKNOWLEDGED' || j.state === 'ERROR');
  }, 30_000);
  expect(done.error).toBeNull();
  expect(done.state).toBe('ACKNOWLEDGED');
  expect([...seen].some((state) => state === 'QUEUED' || state === 'TRANSFERRING')).toBe(true);
  expect(done.files[0]?.localPath).toBe(`${daemon.dir}/album.bin`);
  expect(await sha256Of(`${daemon.dir}/album.bin`)).toBe(await file.sha256());
  // The browser's first request, then aria2's: all with the browser's HttpOnly cookie and the page
  // as Referer, none refused (a request without the cookie gets 403, and aria2 would have failed).
  const requests = site.requests(file);
  expect(requests.length).toBeGreaterThan(1);
  for (const request of requests) {
    expect(request.cookie).toContain(MEMBER_COOKIE);
    expect(request.referer).toBe(site.filesPage);
    expect(request.status).not.toBe(403);
  }
  await expect.poll(() => row.getByText('In aria2').count()).toBe(1);
  await expect.poll(() => row.getByText(`${daemon.dir}/album.bin`).count()).toBe(1);
  await popup.close();
});

it('"Downloads I start": pause, resume and cancel in the popup act on aria2', async () => {
  await ext.api('setSettings', { aria2Send: 'start' });
  const { job } = await addMembersFile('controls.bin', 8 * MiB, 256 * 1024);
  expect(job.aria2).toBeDefined();
  const gid = job.aria2?.gid ?? '';
  await until(job, 'TRANSFERRING');
  const popup = await ext.openExtensionPage('popup');
  const row = rowOf(popup, job);
  await expect.poll(() => row.getByText('In aria2').count()).toBe(1);
  expect(await row.getByRole('button', { name: 'Send to aria2' }).count()).toBe(0);

  await row.getByRole('button', { name: 'Pause' }).click();
  await expect.poll(() => aria2Status(gid)).toBe('paused');
  await until(job, 'SUSPENDED');

  await row.getByRole('button', { name: 'Resume' }).click();
  await expect.poll(() => aria2Status(gid)).toBe('active');
  await until(job, 'TRANSFERRING');

  await row.getByRole('button', { name: 'Cancel' }).click();
  await until(job, 'CANCELLED');
  await expect
    .poll(() => aria2Status(gid).catch((error: Error) => error.message))
    .toMatch(/removed|is not found/);
  await popup.close();
});

it('aria2 stopped mid-transfer: TRANSIENT_ERROR; started again with its session, the job goes on to the right file', async () => {
  await ext.api('setSettings', { aria2Send: 'start' });
  const { job, file } = await addMembersFile('restart.bin', 6 * MiB, 512 * 1024);
  await ext.waitForJobState((j) => j.id === job.id && j.progress.bytesTransferred > 0, 30_000);
  await daemon.halt();
  const failed = await until(job, 'TRANSIENT_ERROR', 'ERROR');
  expect(failed.state).toBe('TRANSIENT_ERROR');
  expect(failed.error?.code).toBe('BG_E_CONNECT_FAILURE');

  await daemon.restart();
  server.setThrottle(null, new URL(file.url).pathname);
  const done = await until(job, 'ACKNOWLEDGED', 'ERROR');
  expect(done.state).toBe('ACKNOWLEDGED');
  expect(done.aria2?.gid).toBe(job.aria2?.gid);
  expect(await sha256Of(done.files[0]?.localPath ?? '')).toBe(await file.sha256());
});

it('a wrong secret: ERROR naming the secret; "Test connection" says so too, then the version', async () => {
  await ext.api('setSettings', { aria2Send: 'start' });
  const { job, file } = await addMembersFile('secret.bin', 4 * MiB, 128 * 1024);
  await until(job, 'TRANSFERRING');
  const options = await ext.openExtensionPage('options');
  const secret = options.getByRole('textbox', { name: 'aria2 secret' });
  await secret.fill('not-the-secret');
  const failed = await until(job, 'ERROR');
  expect(failed.error?.message).toContain('"aria2 secret"');
  await options.getByRole('button', { name: 'Test connection' }).click();
  // aria2 refuses a wrong secret slowly on purpose (about 2 s).
  await expect
    .poll(() => options.locator('.aria2-test-result').textContent(), { timeout: 10_000 })
    .toContain('refused the secret');

  await secret.fill(daemon.secret);
  await options.getByRole('button', { name: 'Test connection' }).click();
  const version = (await aria2.getVersion()).version;
  await expect
    .poll(() => options.locator('.aria2-test-result').textContent(), { timeout: 10_000 })
    .toBe(`Connected to aria2 ${version}`);
  await options.close();
  server.setThrottle(null, new URL(file.url).pathname);
  await ext.api('resume', { id: job.id });
  expect((await until(job, 'ACKNOWLEDGED', 'ERROR')).state).toBe('ACKNOWLEDGED');
});

it('a browser restart mid-transfer: the job finds its download in aria2 again', async () => {
  await ext.api('setSettings', { aria2Send: 'start' });
  const { job, file } = await addMembersFile('restart-browser.bin', 6 * MiB, 256 * 1024);
  await ext.waitForJobState((j) => j.id === job.id && j.progress.bytesTransferred > 0, 30_000);
  ext = await ext.relaunch();
  const again = await ext.waitForJobState((j) => j.id === job.id);
  expect(again.aria2?.gid).toBe(job.aria2?.gid);
  // Still followed: its bytes go on growing while aria2 works, with no browser transfer.
  const before = again.progress.bytesTransferred;
  await ext.waitForJobState(
    (j) => j.id === job.id && j.progress.bytesTransferred > before + 256 * 1024,
    30_000,
  );
  server.setThrottle(null, new URL(file.url).pathname);
  const done = await until(job, 'ACKNOWLEDGED', 'ERROR');
  expect(done.state).toBe('ACKNOWLEDGED');
  expect(await sha256Of(done.files[0]?.localPath ?? '')).toBe(await file.sha256());
});

it('a service worker stopped mid-transfer: the job is still followed to the end', async () => {
  await ext.api('setSettings', { aria2Send: 'start' });
  await logIn();
  const { job, file } = await addMembersFile('worker-stop.bin', 4 * MiB, 256 * 1024);
  await ext.waitForJobState((j) => j.id === job.id && j.progress.bytesTransferred > 0, 30_000);
  await ext.stopServiceWorker();
  server.setThrottle(null, new URL(file.url).pathname);
  const done = await until(job, 'ACKNOWLEDGED', 'ERROR');
  expect(done.state).toBe('ACKNOWLEDGED');
  expect(done.aria2?.gid).toBe(job.aria2?.gid);
  expect(await sha256Of(done.files[0]?.localPath ?? '')).toBe(await file.sha256());
});
