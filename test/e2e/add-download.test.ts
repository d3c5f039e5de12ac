/**
 * The popup's "Add download" form, end to end: a URL typed in the popup becomes a file on disk
 * with the server's exact bytes; "Pause" and "Resume" in the popup stop and continue it; a 404
 * shows its error in the popup.
 */
import { describe, expect, it } from 'vitest';
import { useServerAndExtension } from './server-and-extension';
import { savedFilePath, sha256File, waitForFile } from './harness';

const MiB = 1 << 20;

describe('adding a download in the popup', () => {
  const env = useServerAndExtension();

  const badge = async () => (await env.ext.serviceWorker()).evaluate(() => chrome.action.getBadgeText({}));
  const notificationIds = async () =>
    Object.keys(await (await env.ext.serviceWorker()).evaluate(() => chrome.notifications.getAll()));

  it('saves the file under its name with the right bytes', async () => {
    const file = env.server.addFile('/files/song.mp3', { size: 3 * MiB + 12_345, contentType: 'audio/mpeg' });
    const popup = await env.ext.openExtensionPage('popup');
    await popup.getByRole('textbox', { name: 'URL' }).fill(file.url);
    await popup.getByRole('button', { name: 'Add', exact: true }).click();

    const job = await env.ext.waitForJobState(
      (j) => j.files[0]?.url === file.url && j.state === 'ACKNOWLEDGED',
    );
    expect(job.owner).toBe('user');
    expect(job.files[0]?.localPath).toBe('song.mp3');
    const path = await waitForFile(savedFilePath(env.ext, job));
    expect(await sha256File(path)).toBe(await file.sha256());
    // "Show in folder" finds the browser's download of it.
    await env.ext.api('openFile', { id: job.id, fileIndex: 0, reveal: true });
    expect(await notificationIds()).toContain(`webbits:saved:${job.id}`);
    expect(await badge()).toBe('');
    // The browser's download id is kept for "Open" until the job is removed, then forgotten.
    const downloadId = await env.ext.api('savedDownloadId', { id: job.id, fileIndex: 0 });
    expect(downloadId).toEqual(expect.any(Number));
    const worker = await env.ext.serviceWorker();
    const key = `savedDownload:${job.id}:0`;
    const stored = () => worker.evaluate(async (k) => (await chrome.storage.local.get(k))[k], key);
    await expect.poll(stored).toBe(downloadId);
    await env.ext.api('remove', { id: job.id });
    await expect.poll(stored).toBeUndefined();
    await popup.close();
  });

  it('saves a second copy of a name beside the first, under the name the browser gave it', async () => {
    const file = env.server.addFile('/files/twice.bin', { size: 200_000 });
    const saved: string[] = [];
    for (let copy = 0; copy < 2; copy++) {
      const added = await env.ext.api('addDownload', { url: file.url });
      const job = await env.ext.waitForJobState((j) => j.id === added.id && j.state === 'ACKNOWLEDGED');
      saved.push(job.files[0]?.localPath ?? '');
      expect(await sha256File(await waitForFile(savedFilePath(env.ext, job)))).toBe(await file.sha256());
    }
    expect(saved).toEqual(['twice.bin', 'twice (1).bin']);
  });

  it('pauses and resumes from the popup, keeping what it received', async () => {
    const file = env.server.addFile('/files/pause.bin', { size: 6 * MiB });
    env.server.setThrottle(512 * 1024, '/files/pause.bin');
    const popup = await env.ext.openExtensionPage('popup');
    const firstRange = env.server.waitForRequest('/files/pause.bin');
    await popup.getByRole('textbox', { name: 'URL' }).fill(file.url);
    await popup.getByRole('button', { name: 'Add', exact: true }).click();
    await firstRange;
    await env.ext.waitForJobState((j) => j.files[0]?.url === file.url && j.progress.bytesTransferred >= MiB);
    expect(await badge()).toBe('1');

    await popup.getByRole('button', { name: 'Pause' }).first().click();
    const paused = await env.ext.waitForJobState(
      (j) => j.files[0]?.url === file.url && j.state === 'SUSPENDED',
    );
    expect(paused.progress.bytesTransferred).toBeGreaterThan(0);

    env.server.setThrottle(null, '/files/pause.bin');
    env.server.resetStats();
    await popup.getByRole('button', { name: 'Resume' }).first().click();
    const job = await env.ext.waitForJobState(
      (j) => j.files[0]?.url === file.url && j.state === 'ACKNOWLEDGED',
    );
    // Resuming fetched only what was missing (plus at most the unwritten tail of each connection's chunk).
    expect(env.server.stats.bodyBytesSent).toBeLessThanOrEqual(
      6 * MiB - paused.progress.bytesTransferred + 4 * MiB,
    );
    expect(await sha256File(await waitForFile(savedFilePath(env.ext, job)))).toBe(await file.sha256());
    await popup.close();
  });

  it('shows a 404 as an error in the popup', async () => {
    const url = env.server.url('/files/missing.bin');
    const popup = await env.ext.openExtensionPage('popup');
    await popup.getByRole('textbox', { name: 'URL' }).fill(url);
    await popup.getByRole('button', { name: 'Add', exact: true }).click();
    const job = await env.ext.waitForJobState((j) => j.files[0]?.url === url && j.state === 'ERROR');
    expect(job.error?.code).toBe('BG_E_HTTP_ERROR_404');
    expect(job.error?.message).toBeTruthy();
    await expect.poll(() => popup.getByText(job.error?.message ?? '').count()).toBeGreaterThan(0);
    expect(await notificationIds()).toContain(`webbits:error:${job.id}`);
    await popup.close();
  });
});
