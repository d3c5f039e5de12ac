/**
 * The toolbar popup in Chromium with the built extension: the empty state, a refused URL, a live
 * transfer (state, progress, bytes, speed, time left, at least two updates a second), the row
 * buttons that apply in each state, the priority menu, errors, "Clear finished", keyboard use.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { useServerAndExtension } from './server-and-extension';
import type { JobInfo } from '../../src/engine/types';

const MiB = 1 << 20;

describe('toolbar popup', () => {
  const env = useServerAndExtension();
  let popup: Page;

  beforeAll(async () => {
    popup = await env.ext.openExtensionPage('popup');
  });

  const row = (job: JobInfo): Locator => popup.locator(`li[data-job-id="${job.id}"]`);
  const buttonsOf = async (job: JobInfo): Promise<string[]> =>
    (await row(job).getByRole('button').allTextContents()).map((text) => text.trim());
  const textOf = async (locator: Locator): Promise<string> => (await locator.textContent()) ?? '';

  it('says how to add a download when there is none', async () => {
    await expect.poll(() => popup.getByText(/No downloads yet/).count()).toBe(1);
    expect(await popup.getByRole('listitem').count()).toBe(0);
  });

  it('shows the message of a refused URL and adds nothing', async () => {
    const refused = 'ftp://files.example/a.bin';
    const expected = await env.ext.api('addDownload', { url: refused }).then(
      () => 'accepted',
      (error: Error) => error.message,
    );
    expect(expected).not.toBe('accepted');
    await popup.getByRole('textbox', { name: 'URL' }).fill(refused);
    await popup.getByRole('button', { name: 'Add', exact: true }).click();
    await expect.poll(() => textOf(popup.getByRole('alert'))).toBe(expected);
    expect(await env.ext.api('listJobs')).toEqual([]);
  });

  it('shows a transfer live, pauses, resumes, changes priority, and offers Open once saved', async () => {
    const file = env.server.addFile('/files/live.bin', { size: 12 * MiB });
    env.server.setThrottle(192 * 1024, '/files/live.bin');
    const job = await env.ext.api('addDownload', { url: file.url });
    await env.ext.waitForJobState((j) => j.id === job.id && j.progress.bytesTransferred > 0);

    const item = row(job);
    await expect.poll(() => textOf(item), { timeout: 20_000 }).toMatch(/Downloading/);
    expect(await popup.getByRole('heading', { name: 'Added by you' }).count()).toBe(1);
    // Speed and time left come from two successive updates.
    await expect.poll(() => textOf(item), { timeout: 20_000 }).toMatch(/ of 12 MB · .+\/s · .+ left/);
    const bar = item.getByRole('progressbar');
    const percent = Number(await bar.getAttribute('aria-valuenow'));
    expect(percent).toBeGreaterThanOrEqual(0);
    expect(percent).toBeLessThan(100);
    expect(await buttonsOf(job)).toEqual(['Pause', 'Cancel']);

    // Live: the row's figures change at least twice a second while it transfers.
    const changes = await item.evaluate(
      (element) =>
        new Promise<number>((resolve) => {
          let count = 0;
          const observer = new MutationObserver(() => count++);
          observer.observe(element.querySelector('.job-details') ?? element, {
            characterData: true,
            childList: true,
            subtree: true,
          });
          setTimeout(() => {
            observer.disconnect();
            resolve(count);
          }, 3000);
        }),
    );
    expect(changes).toBeGreaterThanOrEqual(6);

    await item.getByRole('button', { name: 'Pause', exact: true }).click();
    await env.ext.waitForJobState((j) => j.id === job.id && j.state === 'SUSPENDED');
    await expect.poll(() => buttonsOf(job)).toEqual(['Resume', 'Cancel']);
    expect(await textOf(item)).toMatch(/Paused/);
    expect(await textOf(item)).not.toMatch(/\/s/);

    await item.getByRole('combobox', { name: 'Priority' }).selectOption({ label: 'High' });
    const raised = await env.ext.waitForJobState((j) => j.id === job.id && j.priority === 'high');
    expect(raised.state).toBe('SUSPENDED');

    env.server.setThrottle(null, '/files/live.bin');
    await item.getByRole('button', { name: 'Resume', exact: true }).click();
    await env.ext.waitForJobState((j) => j.id === job.id && j.state === 'ACKNOWLEDGED');
    await expect.poll(() => buttonsOf(job)).toEqual(['Open', 'Show in folder', 'Remove']);
    expect(await textOf(item)).toMatch(/Saved/);
    expect(await bar.getAttribute('aria-valuenow')).toBe('100');
    expect(await item.getByRole('combobox', { name: 'Priority' }).count()).toBe(0);

    await item.getByRole('button', { name: 'Remove', exact: true }).click();
    await expect.poll(() => item.count()).toBe(0);
    expect((await env.ext.api('listJobs')).some((j) => j.id === job.id)).toBe(false);
  });

  it('shows an error with its message; Cancel, then "Clear finished"', async () => {
    const url = env.server.url('/files/nowhere.bin');
    const job = await env.ext.api('addDownload', { url });
    const failed = await env.ext.waitForJobState((j) => j.id === job.id && j.state === 'ERROR');
    const item = row(job);
    await expect.poll(() => textOf(item)).toContain(failed.error?.message ?? '(no message)');
    expect(await textOf(item)).toMatch(/Failed/);
    expect(await buttonsOf(job)).toEqual(['Retry', 'Cancel']);

    await item.getByRole('button', { name: 'Cancel', exact: true }).click();
    await env.ext.waitForJobState((j) => j.id === job.id && j.state === 'CANCELLED');
    await expect.poll(() => buttonsOf(job)).toEqual(['Remove']);

    await popup.getByRole('button', { name: 'Clear finished' }).click();
    await expect.poll(() => item.count()).toBe(0);
  });

  it('shows the size as unknown without a progress value', async () => {
    const file = env.server.addFile('/files/unsized.bin', { size: 4 * MiB, sendLength: false });
    env.server.setThrottle(64 * 1024, '/files/unsized.bin');
    const job = await env.ext.api('addDownload', { url: file.url });
    await env.ext.waitForJobState((j) => j.id === job.id && j.progress.bytesTransferred > 0);
    const item = row(job);
    await expect.poll(() => textOf(item)).toMatch(/of unknown size/);
    expect(await item.getByRole('progressbar').getAttribute('aria-valuenow')).toBeNull();
    await env.ext.api('cancel', { id: job.id });
    env.server.setThrottle(null, '/files/unsized.bin');
  });

  it('works from the keyboard: the URL box has focus, Enter adds, Tab reaches the row buttons', async () => {
    const file = env.server.addFile('/files/keyboard.bin', { size: 64 * 1024 });
    const page = await env.ext.openExtensionPage('popup');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label')))
      .toBe('URL');
    await page.keyboard.type(file.url);
    await page.keyboard.press('Enter');
    const job = await env.ext.waitForJobState(
      (j) => j.files[0]?.url === file.url && j.state === 'ACKNOWLEDGED',
    );
    const removeButton = page.locator(`li[data-job-id="${job.id}"]`).getByRole('button', { name: 'Remove' });
    await expect.poll(() => removeButton.count()).toBe(1);
    // Tab order runs through every control; the row's Remove button is reachable.
    let reached = false;
    for (let i = 0; i < 40 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await removeButton.evaluate((button) => document.activeElement === button);
    }
    expect(reached).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator(`li[data-job-id="${job.id}"]`).count()).toBe(0);
    await page.close();
  });
});

describe('toolbar popup with a thousand jobs', () => {
  const env = useServerAndExtension();

  // How fast they appear is measured by `npm run bench -- popup-render`, not asserted here.
  it('shows every one of a thousand jobs', async () => {
    env.server.addFile('/files/many.bin', { size: 1 * MiB });
    env.server.setThrottle(1024, '/files/many.bin');
    await env.ext.api('setSettings', { backgroundJobs: 1 });
    const urls = Array.from({ length: 1000 }, (_, i) => env.server.url(`/files/many.bin?n=${i}`));
    await env.ext.api('addDownloads', { urls });
    await env.ext.api('pauseAll');
    expect((await env.ext.api('listJobs')).length).toBe(1000);

    const page = await env.ext.openExtensionPage('popup');
    await expect.poll(() => page.locator('li.job').count(), { timeout: 30_000 }).toBe(1000);
    await page.close();
  });
});
