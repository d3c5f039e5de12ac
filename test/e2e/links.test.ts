/**
 * Links that outlive their URL, in Chromium with the built extension: a store page replaces an
 * expired signed link with `job.setFileUrl` and keeps the bytes; the popup's "Change link" does the
 * same for a person; a file completes from its mirror when its own URL dies; an `unmetered` job
 * waits on a metered connection (set through the engine host's test hook) while a foreground job
 * runs; and the page API refuses hostile mirrors and link changes with a TypeError naming the field.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useServerAndExtension } from './server-and-extension';
import { savedFilePath, sha256File, waitForFile } from './harness';
import { bytesSent, hostCall, mostFetchedAgain } from './engine-host-hooks';
import type { PageWindow } from './page-hostile-page';
import type { JobInfo } from '../../src/engine/types';

const MiB = 1 << 20;
const CONNECTIONS = 4;
const STORE_PAGE = '<!doctype html><meta charset="utf-8"><title>Signed store</title><h1>Store</h1>';

describe('links that outlive their URL', () => {
  const env = useServerAndExtension();
  let page: Page;

  beforeAll(async () => {
    env.server.addRoute('/store.html', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(STORE_PAGE);
    });
    await env.ext.api('setSettings', { connectionsPerFile: CONNECTIONS });
    await env.ext.api('setSite', { origin: env.server.origin, decision: 'allowed' });
    page = await env.ext.context.newPage();
    await page.goto(`${env.server.origin}/store.html`);
  });

  it('replaces an expired signed link from the page and keeps the bytes', async () => {
    const size = 16 * MiB;
    const path = '/signed/album.zip';
    const file = env.server.addFile(path, { size });
    env.server.setThrottle(2 * MiB, path);
    const id = await page.evaluate(async (url) => {
      const webbits = (window as unknown as PageWindow).webbits;
      const job = await webbits.createJob({ displayName: 'Signed album', files: [{ url }] });
      await job.resume();
      return job.id;
    }, env.server.signUrl(path));
    await env.ext.waitForJobState((j) => j.id === id && j.progress.bytesTransferred >= 0.4 * size);
    env.server.expireSignatures(path);
    env.server.dropConnections(path);
    const failed = await env.ext.waitForJobState((j) => j.id === id && j.state === 'ERROR');
    expect(failed.error).toMatchObject({ code: 'BG_E_HTTP_ERROR_403', httpStatus: 403, fileIndex: 0 });

    env.server.setThrottle(null, path);
    const changed = await page.evaluate(
      async (arg) => {
        const webbits = (window as unknown as PageWindow).webbits;
        const job = await webbits.getJob(arg.id);
        const info = await job.setFileUrl(0, arg.url);
        await job.resume();
        return info;
      },
      { id, url: env.server.signUrl(path) },
    );
    expect(changed.files[0]?.url).toContain('sig=');
    const done = await env.ext.waitForJobState((j) => j.id === id && j.state === 'ACKNOWLEDGED');
    expect(await sha256File(await waitForFile(savedFilePath(env.ext, done)))).toBe(await file.sha256());
    const refetched = bytesSent(env.server, path) - size;
    console.info(`signed link renewed: ${refetched} bytes fetched again`);
    expect(refetched).toBeLessThanOrEqual(mostFetchedAgain(CONNECTIONS));
    expect(env.server.stats.log.filter((r) => r.path === path && r.range === 'bytes=0-')).toHaveLength(1);
  });

  it('offers "Change link" in the popup for a 403, and "Use link" finishes the file', async () => {
    const size = 4 * MiB;
    const path = '/signed/yours.iso';
    const file = env.server.addFile(path, { size });
    env.server.setThrottle(MiB, path);
    const added = await env.ext.api('addDownload', { url: env.server.signUrl(path) });
    await env.ext.waitForJobState((j) => j.id === added.id && j.progress.bytesTransferred >= MiB);
    env.server.expireSignatures(path);
    env.server.dropConnections(path);
    await env.ext.waitForJobState((j) => j.id === added.id && j.state === 'ERROR');
    env.server.setThrottle(null, path);

    const popup = await env.ext.openExtensionPage('popup');
    const row = popup.locator(`li[data-job-id="${added.id}"]`);
    await row.getByRole('button', { name: 'Change link', exact: true }).click();
    await row.getByRole('textbox', { name: 'New link' }).fill(env.server.signUrl(path));
    await row.getByRole('button', { name: 'Use link', exact: true }).click();
    const done = await env.ext.waitForJobState((j) => j.id === added.id && j.state === 'ACKNOWLEDGED');
    expect(await sha256File(await waitForFile(savedFilePath(env.ext, done)))).toBe(await file.sha256());
    await popup.close();
  });

  it('completes from the mirror when the primary resets every connection at 30% and then answers 404', async () => {
    const size = 16 * MiB;
    const primary = env.server.addFile('/dying/track.flac', { size });
    const mirror = env.server.addFile('/mirror/track.flac', { size, seed: primary.spec.seed });
    const sha256 = await primary.sha256();
    env.server.setThrottle(2 * MiB, '/dying/track.flac');
    env.server.setThrottle(2 * MiB, '/mirror/track.flac');
    const id = await page.evaluate(
      async (arg) => {
        const webbits = (window as unknown as PageWindow).webbits;
        const job = await webbits.createJob({
          displayName: 'Mirrored',
          files: [{ url: arg.primary, mirrors: [arg.mirror], sha256: arg.sha256 }],
        });
        await job.resume();
        return job.id;
      },
      { primary: primary.url, mirror: mirror.url, sha256 },
    );
    await env.ext.waitForJobState((j) => j.id === id && j.progress.bytesTransferred >= 0.3 * size);
    env.server.removeFile('/dying/track.flac');
    env.server.dropConnections('/dying/track.flac');
    const done = await env.ext.waitForJobState((j) => j.id === id && j.state === 'ACKNOWLEDGED');
    expect(done.files[0]?.mirrors).toEqual([mirror.url]);
    expect(await sha256File(await waitForFile(savedFilePath(env.ext, done)))).toBe(sha256);
    const sent = bytesSent(env.server, '/dying/track.flac') + bytesSent(env.server, '/mirror/track.flac');
    expect(sent - size).toBeLessThanOrEqual(mostFetchedAgain(CONNECTIONS));
  });

  it('starts again from 0 when the new link serves another size, and saves the new file', async () => {
    const old = env.server.addFile('/moved/old.bin', { size: 6 * MiB });
    const other = env.server.addFile('/moved/new.bin', { size: 5 * MiB + 7 });
    env.server.setThrottle(MiB, '/moved/old.bin');
    const id = await page.evaluate(async (url) => {
      const webbits = (window as unknown as PageWindow).webbits;
      const job = await webbits.createJob({ displayName: 'Moved', files: [{ url }] });
      await job.resume();
      return job.id;
    }, old.url);
    await env.ext.waitForJobState((j) => j.id === id && j.progress.bytesTransferred >= 2 * MiB);
    await page.evaluate(
      async (arg) => {
        const job = await (window as unknown as PageWindow).webbits.getJob(arg.id);
        await job.suspend();
        await job.setFileUrl(0, arg.url);
        await job.resume();
      },
      { id, url: other.url },
    );
    const done = await env.ext.waitForJobState((j) => j.id === id && j.state === 'ACKNOWLEDGED');
    expect(done.files[0]?.bytesTotal).toBe(other.spec.size);
    expect(done.files[0]?.notices?.[0]).toMatch(/started again from 0\.$/);
    expect(await sha256File(await waitForFile(savedFilePath(env.ext, done)))).toBe(await other.sha256());
  });

  it('uses two mirrors throttled to 8 MB/s per connection at once: both send bytes', async () => {
    const size = 32 * MiB;
    const one = env.server.addFile('/two/m1.iso', { size });
    const two = env.server.addFile('/two/m2.iso', { size, seed: one.spec.seed });
    env.server.setThrottle(8_000_000, '/two/m1.iso');
    env.server.setThrottle(8_000_000, '/two/m2.iso');
    const id = await page.evaluate(
      async (arg) => {
        const webbits = (window as unknown as PageWindow).webbits;
        const job = await webbits.createJob({
          displayName: 'Two mirrors',
          files: [{ url: arg.one, mirrors: [arg.two] }],
        });
        await job.resume();
        return job.id;
      },
      { one: one.url, two: two.url },
    );
    const done = await env.ext.waitForJobState((j) => j.id === id && j.state === 'ACKNOWLEDGED');
    expect(await sha256File(await waitForFile(savedFilePath(env.ext, done)))).toBe(await one.sha256());
    const [first, second] = [bytesSent(env.server, '/two/m1.iso'), bytesSent(env.server, '/two/m2.iso')];
    console.info(`two mirrors: ${first} and ${second} bytes sent`);
    expect(first).toBeGreaterThan(4 * MiB);
    expect(second).toBeGreaterThan(4 * MiB);
    expect(first + second - size).toBeLessThanOrEqual(mostFetchedAgain(CONNECTIONS));
  });

  it('skips a mirror of the wrong size and the popup names it', async () => {
    const size = 3 * MiB;
    const primary = env.server.addFile('/named/a.bin', { size });
    const wrong = env.server.addFile('/named-wrong/a.bin', { size: size + 1, seed: primary.spec.seed });
    env.server.setThrottle(MiB, '/named/a.bin');
    const added = await page.evaluate(
      async (arg) => {
        const webbits = (window as unknown as PageWindow).webbits;
        const job = await webbits.createJob({
          displayName: 'Named mirror',
          files: [{ url: arg.primary, mirrors: [arg.wrong] }],
        });
        await job.resume();
        return job.id;
      },
      { primary: primary.url, wrong: wrong.url },
    );
    const done = await env.ext.waitForJobState((j) => j.id === added && j.state === 'ACKNOWLEDGED');
    expect(await sha256File(await waitForFile(savedFilePath(env.ext, done)))).toBe(await primary.sha256());
    const popup = await env.ext.openExtensionPage('popup');
    const notice = popup.locator(`li[data-job-id="${added}"] .job-notice`);
    await expect
      .poll(() => notice.textContent())
      .toBe(`Mirror ${wrong.url} was skipped: it serves ${size + 1} bytes, not ${size} bytes.`);
    await popup.close();
  });

  it('holds an unmetered job on a metered connection while a foreground job runs, then finishes it', async () => {
    const later = env.server.addFile('/metered/later.bin', { size: 2 * MiB });
    const now = env.server.addFile('/metered/now.bin', { size: 300_000 });
    await hostCall(env.ext, 'setMetered', { metered: true });
    try {
      const id = await page.evaluate(async (url) => {
        const webbits = (window as unknown as PageWindow).webbits;
        const job = await webbits.createJob({
          displayName: 'Later',
          transferPolicy: 'unmetered',
          files: [{ url }],
        });
        await job.resume();
        return job.id;
      }, later.url);
      const held = await env.ext.waitForJobState(
        (j) => j.id === id && j.error?.code === 'BG_E_BLOCKED_BY_COST_TRANSFER_POLICY',
      );
      expect(held.state).toBe('QUEUED');
      expect(held.transferPolicy).toBe('unmetered');
      const fg = await env.ext.api('addDownload', { url: now.url, priority: 'foreground' });
      await env.ext.waitForJobState((j) => j.id === fg.id && j.state === 'ACKNOWLEDGED');
      const still = (await env.ext.api('listJobs')).find((j) => j.id === id) as JobInfo;
      expect(still.state).toBe('QUEUED');
      expect(env.server.stats.log.filter((r) => r.path === '/metered/later.bin')).toHaveLength(0);

      await hostCall(env.ext, 'setMetered', { metered: false });
      const done = await env.ext.waitForJobState((j) => j.id === id && j.state === 'ACKNOWLEDGED');
      expect(done.error).toBeNull();
    } finally {
      await hostCall(env.ext, 'setMetered', { metered: null });
    }
  });

  it('refuses hostile mirrors and link changes with a TypeError naming the field', async () => {
    const file = env.server.addFile('/hostile/ok.bin', { size: 10_000 });
    const outcomes = await page.evaluate(
      async (arg) => {
        const webbits = (window as unknown as PageWindow).webbits;
        const outcome = (p: Promise<unknown>) =>
          p.then(
            () => 'accepted',
            (e: Error) => `${e.name}: ${e.message}`,
          );
        const nine = Array.from({ length: 9 }, (_, i) => `${arg.url}?m=${i}`);
        const job = await webbits.createJob({ displayName: 'ok', files: [{ url: arg.url }] });
        const finished = new Promise<void>((resolve) =>
          webbits.addEventListener('jobchange', (event) => {
            if (
              (event as CustomEvent<JobInfo>).detail.id === job.id &&
              (event as CustomEvent<JobInfo>).detail.state === 'ACKNOWLEDGED'
            )
              resolve();
          }),
        );
        const badIndex = await outcome(job.setFileUrl(3, arg.url));
        const badUrl = await outcome(job.setFileUrl(0, 'file:///etc/passwd'));
        await job.resume();
        await finished;
        return {
          nine: await outcome(
            webbits.createJob({ displayName: 'x', files: [{ url: arg.url, mirrors: nine }] }),
          ),
          ftp: await outcome(
            webbits.createJob({
              displayName: 'x',
              files: [{ url: arg.url, mirrors: ['ftp://example.com/a'] }],
            }),
          ),
          badIndex,
          badUrl,
          acknowledged: await outcome(job.setFileUrl(0, arg.url + '?new')),
        };
      },
      { url: file.url },
    );
    expect(outcomes.nine).toMatch(/^TypeError: files\[0\]\.mirrors: at most 8 mirrors/);
    expect(outcomes.ftp).toMatch(/^TypeError: files\[0\]\.mirrors\[0\]: only http and https/);
    expect(outcomes.badIndex).toMatch(/^TypeError: fileIndex: the job has no file 3/);
    expect(outcomes.badUrl).toMatch(/^TypeError: url: only http and https/);
    expect(outcomes.acknowledged).toMatch(/^TypeError: fileIndex: the job is ACKNOWLEDGED/);
  });
});
