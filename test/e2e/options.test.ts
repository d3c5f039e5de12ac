/**
 * The options page in Chromium: each setting applies as it is typed (the background reports the
 * new value at once, no reload), a refused value names its field and is not applied, and the sites
 * list removes decisions and allows an origin ahead of time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension, type ExtensionSession } from './harness';

describe('options page', () => {
  let ext: ExtensionSession;
  let options: Page;

  beforeAll(async () => {
    ext = await launchExtension();
    options = await ext.openExtensionPage('options');
    await options.getByLabel('Connections per file').waitFor();
  });
  afterAll(async () => {
    await ext?.close();
  });

  it('shows the current settings', async () => {
    expect(await options.getByLabel('Connections per file').inputValue()).toBe('4');
    expect(await options.getByLabel('Background jobs at once').inputValue()).toBe('2');
    expect(await options.getByLabel('Background bandwidth limit (KB/s)').inputValue()).toBe('');
    expect(await options.getByLabel('Download folder').inputValue()).toBe('');
    expect(await options.getByLabel('Retry delay for your downloads (seconds)').inputValue()).toBe('60');
    expect(await options.getByLabel('Pause background jobs on metered connections').isChecked()).toBe(false);
  });

  it('applies each setting at once', async () => {
    await options.getByLabel('Connections per file').fill('8');
    await options.getByLabel('Background jobs at once').fill('3');
    await options.getByLabel('Background bandwidth limit (KB/s)').fill('512');
    await options.getByLabel('Download folder').fill('Music\\Store');
    await options.getByLabel('Retry delay for your downloads (seconds)').fill('30');
    await options.getByLabel('Pause background jobs on metered connections').check();
    await expect
      .poll(() => ext.api('getSettings'))
      .toEqual({
        connectionsPerFile: 8,
        backgroundJobs: 3,
        backgroundBandwidthLimit: 512,
        downloadFolder: 'Music/Store',
        userRetryDelay: 30,
        pauseBackgroundOnMetered: true,
        takeOver: false,
        takeOverMinMB: 5,
        takeOverNeverSites: [],
        aria2Address: '',
        aria2Secret: '',
        aria2Send: 'choose',
      });
    await options.getByLabel('aria2 RPC address').fill('ws://127.0.0.1:6800/jsonrpc');
    await options
      .getByRole('combobox', { name: 'Send to aria2' })
      .selectOption({ label: 'Downloads I start' });
    await expect
      .poll(async () => {
        const { aria2Address, aria2Send } = await ext.api('getSettings');
        return { aria2Address, aria2Send };
      })
      .toEqual({ aria2Address: 'ws://127.0.0.1:6800/jsonrpc', aria2Send: 'start' });
    await options.getByLabel('aria2 RPC address').fill('ftp://nas/jsonrpc');
    await expect
      .poll(() => options.getByRole('alert').allTextContents())
      .toContain(
        'aria2 RPC address: use an http:, https:, ws: or wss: address without a user name, such as http://127.0.0.1:6800/jsonrpc',
      );
    await options.getByLabel('aria2 RPC address').fill('');
    await options.getByLabel('Background bandwidth limit (KB/s)').fill('');
    await expect.poll(async () => (await ext.api('getSettings')).backgroundBandwidthLimit).toBeNull();
    await options.getByLabel('Pause background jobs on metered connections').uncheck();
    await expect.poll(async () => (await ext.api('getSettings')).pauseBackgroundOnMetered).toBe(false);
  });

  it('names the field of a refused value and keeps the setting', async () => {
    await options.getByLabel('Background jobs at once').fill('9');
    await expect
      .poll(() => options.getByRole('alert').allTextContents())
      .toEqual(['“Background jobs at once” must be a whole number from 1 to 6.']);
    expect(await options.getByLabel('Background jobs at once').getAttribute('aria-invalid')).toBe('true');
    expect((await ext.api('getSettings')).backgroundJobs).toBe(3);

    await options.getByLabel('Download folder').fill('../outside');
    await expect.poll(() => options.getByRole('alert').count()).toBe(2);
    expect((await ext.api('getSettings')).downloadFolder).toBe('Music/Store');

    await options.getByLabel('Background jobs at once').fill('4');
    await options.getByLabel('Download folder').fill('');
    await expect.poll(() => options.getByRole('alert').count()).toBe(0);
    expect((await ext.api('getSettings')).backgroundJobs).toBe(4);
  });

  it('shows the takeover options and applies them at once', async () => {
    const takeOver = options.getByRole('checkbox', { name: "Take over the browser's downloads" });
    expect(await takeOver.isChecked()).toBe(false);
    expect(await options.getByLabel('Only files larger than (MB)').inputValue()).toBe('5');
    expect(await options.getByLabel('Never for these sites').inputValue()).toBe('');
    await takeOver.check();
    await options.getByLabel('Only files larger than (MB)').fill('50');
    await options.getByLabel('Never for these sites').fill('Video.example\nhttps://files.example/x\n');
    await expect
      .poll(async () => {
        const { takeOver: on, takeOverMinMB, takeOverNeverSites } = await ext.api('getSettings');
        return { on, takeOverMinMB, takeOverNeverSites };
      })
      .toEqual({ on: true, takeOverMinMB: 50, takeOverNeverSites: ['video.example', 'files.example'] });
    await options.getByLabel('Never for these sites').fill('video.example\nnot a host');
    await expect
      .poll(() => options.getByRole('alert').allTextContents())
      .toEqual(['“Never for these sites”: line 2 is not a host name such as example.com.']);
    expect((await ext.api('getSettings')).takeOverNeverSites).toEqual(['video.example', 'files.example']);
    await options.getByLabel('Never for these sites').fill('');
    await takeOver.uncheck();
    await expect.poll(async () => (await ext.api('getSettings')).takeOver).toBe(false);
  });

  it('allows a site ahead of time and removes a decision', async () => {
    await options.getByRole('textbox', { name: 'Allowed site' }).fill('https://shop.example/albums');
    await options.getByRole('button', { name: 'Allow site' }).click();
    const row = options.getByRole('row', { name: /https:\/\/shop\.example/ });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain('Allowed');
    expect(await ext.api('listSites')).toMatchObject([
      { origin: 'https://shop.example', decision: 'allowed' },
    ]);

    await options.getByRole('textbox', { name: 'Allowed site' }).fill('ftp://files.example');
    await options.getByRole('button', { name: 'Allow site' }).click();
    await expect.poll(() => options.getByRole('alert').textContent()).toContain('“Allowed site”');

    await row.getByRole('button', { name: 'Remove' }).click();
    await expect.poll(() => row.count()).toBe(0);
    expect(await ext.api('listSites')).toEqual([]);
  });
});
