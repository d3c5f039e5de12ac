/**
 * Screenshots of the extension pages, light and dark, with jobs in various states, saved to
 * .tmp/screenshots/ for a person to look at. Each page is also checked for what a screenshot
 * review would catch: nothing wider than the window, every row's text inside its row.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../server/index';
import { chromiumPath, DIST_CHROME, launchExtension, type ExtensionSession } from './harness';
import type { JobInfo } from '../../src/engine/types';

const SHOTS = resolve(import.meta.dirname, '../../.tmp/screenshots');
const MiB = 1 << 20;
const OPTIONS_HEIGHT = 1500;
const STORE_PAGE = '<!doctype html><meta charset="utf-8"><title>Proseware store</title><h1>Store</h1>';
const track = (kind: 'JOB' | 'STATUS', n: number, title: string) =>
  `::WMP_${kind}:1:424242:Proseware:The Band:Live%3A 1999:${n}:${title}:215:75`;

interface PageWebbits {
  webbits: {
    requestAccess(): Promise<string>;
    createJob(init: unknown): Promise<{ id: string; resume(): Promise<void> }>;
  };
}

async function shoot(page: Page, name: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: `${SHOTS}/${name}-${scheme}.png` });
  }
}

async function overflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

describe('screenshots of the extension pages', () => {
  let server: TestServer;
  let ext: ExtensionSession;
  /** Whether the page API is in this build, so that store jobs (and their group) exist. */
  let storeJobs = false;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startTestServer();
    server.addRoute('/store.html', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(STORE_PAGE);
    });
    ext = await launchExtension();
  });
  afterAll(async () => {
    await ext?.close();
    await server?.close();
  });

  it('consent prompt', async (context) => {
    const store = await ext.context.newPage();
    await store.goto(server.url('/store.html'));
    const hasPageApi = await store
      .waitForFunction(() => 'webbits' in window, undefined, { timeout: 10_000 })
      .then(() => true)
      .catch(() => false);
    if (!hasPageApi) {
      await store.close();
      context.skip('this build has no page API: no page can open the consent prompt');
    }
    const promptOpened = ext.context.waitForEvent('page', {
      predicate: (p) => p.url().includes('consent.html'),
    });
    const access = store.evaluate(() => (window as unknown as PageWebbits).webbits.requestAccess());
    const prompt = await promptOpened;
    await prompt.setViewportSize({ width: 480, height: 240 });
    await prompt.getByRole('button', { name: 'Allow', exact: true }).waitFor();
    expect(await prompt.getByRole('heading').textContent()).toBe(
      `Allow ${server.origin} to add downloads to WebBITS?`,
    );
    expect(await overflow(prompt)).toBeLessThanOrEqual(0);
    await shoot(prompt, 'consent');
    await prompt.getByRole('button', { name: 'Allow', exact: true }).click();
    expect(await access).toBe('granted');

    // Store jobs for the popup: a saved track, and a status track its page has not completed.
    server.addFile('/tracks/3.mp3', { size: 700_000, contentType: 'audio/mpeg' });
    server.addFile('/tracks/4.mp3', { size: 900_000, contentType: 'audio/mpeg' });
    await store.evaluate(
      async ({ saved, status }) => {
        const { webbits } = window as unknown as PageWebbits;
        for (const [url, description] of [saved, status] as Array<[string, string]>) {
          const job = await webbits.createJob({
            displayName: url.split('/').pop(),
            description,
            files: [{ url }],
          });
          await job.resume();
        }
      },
      {
        saved: [server.url('/tracks/3.mp3'), track('JOB', 3, 'Opening Night')],
        status: [server.url('/tracks/4.mp3'), track('STATUS', 4, 'Closing Song')],
      },
    );
    await ext.waitForJobState((j) => j.displayName === '3.mp3' && j.state === 'ACKNOWLEDGED');
    await ext.waitForJobState((j) => j.displayName === '4.mp3' && j.state === 'TRANSFERRED');
    storeJobs = true;
    await store.close();
  });

  it('popup with jobs in various states', async () => {
    const add = (url: string) => ext.api('addDownload', { url });
    const until = (job: JobInfo, state: JobInfo['state']) =>
      ext.waitForJobState((j) => j.id === job.id && j.state === state);

    // Throttled, so that it is still running when it is cancelled.
    server.addFile('/files/old-backup.zip', { size: 2 * MiB });
    server.setThrottle(16 * 1024, '/files/old-backup.zip');
    const cancelled = await add(server.url('/files/old-backup.zip'));
    await ext.api('cancel', { id: cancelled.id });

    const missing = await add(server.url('/files/photos-2024.tar'));
    await until(missing, 'ERROR');

    server.addFile('/files/busy.iso', { size: 8 * MiB });
    server.queueFaults(
      '/files/busy.iso',
      ...Array.from({ length: 20 }, () => ({ kind: 'status' as const, status: 503 })),
    );
    const busy = await add(server.url('/files/busy.iso'));
    await until(busy, 'TRANSIENT_ERROR');

    server.addFile('/files/report.pdf', { size: 3 * MiB });
    server.setThrottle(64 * 1024, '/files/report.pdf');
    const paused = await add(server.url('/files/report.pdf'));
    await ext.waitForJobState((j) => j.id === paused.id && j.progress.bytesTransferred > 0);
    await ext.api('suspend', { id: paused.id });

    const long = 'ubuntu-24.04.1-desktop-amd64-a-very-long-file-name-that-must-not-widen-the-popup.iso';
    server.addFile(`/files/${long}`, { size: 64 * MiB });
    server.setThrottle(256 * 1024, `/files/${long}`);
    const running = await add(server.url(`/files/${long}`));
    await ext.waitForJobState((j) => j.id === running.id && j.progress.bytesTransferred > 0);

    const popup = await ext.openExtensionPage('popup');
    await popup.setViewportSize({ width: 400, height: 600 });
    const row = popup.locator(`li[data-job-id="${running.id}"]`);
    // Wait for a measured speed, so the shot shows what a person sees during a transfer.
    await popup.waitForFunction(
      (id) => /\/s/.test(document.querySelector(`li[data-job-id="${id}"]`)?.textContent ?? ''),
      running.id,
    );
    expect(await row.textContent()).toMatch(/Downloading/);
    expect(await popup.getByRole('heading', { name: 'Added by you' }).count()).toBe(1);
    if (storeJobs) {
      expect(await popup.getByRole('heading', { name: '127.0.0.1' }).count()).toBe(1);
      expect(await popup.getByText('The Band — Live: 1999 — 03 Opening Night').count()).toBe(1);
    }
    expect(await overflow(popup)).toBeLessThanOrEqual(0);
    // No row's content sticks out of its row.
    const outside = await popup.evaluate(
      () =>
        [...document.querySelectorAll('li.job *')].filter((element) => {
          const box = element.getBoundingClientRect();
          const rowBox = element.closest('li')?.getBoundingClientRect();
          return rowBox && box.width > 0 && (box.right > rowBox.right + 0.5 || box.left < rowBox.left - 0.5);
        }).length,
    );
    expect(outside).toBe(0);
    await shoot(popup, 'popup');
    await popup.evaluate(() => document.querySelector('.job-groups')?.scrollBy(0, 10_000));
    await shoot(popup, 'popup-scrolled');

    server.setThrottle(null);
    await ext.api('pauseAll');
    await popup.close();
  });

  it('popup with no jobs', async () => {
    const fresh = await launchExtension();
    try {
      const popup = await fresh.openExtensionPage('popup');
      await popup.setViewportSize({ width: 400, height: 240 });
      await popup.getByText(/No downloads yet/).waitFor();
      await shoot(popup, 'popup-empty');
    } finally {
      await fresh.close();
    }
  });

  it('options page', async () => {
    await ext.api('setSite', { origin: server.origin, decision: 'allowed' });
    await ext.api('setSite', {
      origin: 'https://a-long-subdomain-name.tracking.example.com',
      decision: 'blocked',
    });
    const options = await ext.openExtensionPage('options');
    // Tall enough for every section: transfers, browser downloads (takeover), sites.
    await options.setViewportSize({ width: 800, height: OPTIONS_HEIGHT });
    await options.getByRole('cell', { name: server.origin }).waitFor();
    expect(await overflow(options)).toBeLessThanOrEqual(0);
    await shoot(options, 'options');

    // A refused value names its field.
    await options.getByLabel('Connections per file').fill('40');
    await options.getByRole('alert').waitFor();
    expect(await options.getByRole('alert').textContent()).toBe(
      '“Connections per file” must be a whole number from 1 to 16.',
    );
    await shoot(options, 'options-invalid');
    await options.close();
  });

  it('link picker', async () => {
    const links = [
      ['/music/01.mp3', 'Opening Night'],
      ['/music/02.mp3', 'Closing Song'],
      ['/docs/liner-notes.pdf', ''],
      [
        '/files/a/very/long/path/that/goes/on/and/on/artwork-high-resolution-scan.zip?token=0123456789abcdef',
        'Artwork',
      ],
    ];
    server.addRoute('/album.html', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        `<!doctype html><title>Album</title>${links.map(([href, text]) => `<p><a href="${href}">${text}</a></p>`).join('')}`,
      );
    });
    const album = await ext.context.newPage();
    await album.goto(server.url('/album.html'));
    const pickerOpened = ext.context.waitForEvent('page', {
      predicate: (p) => p.url().includes('/picker.html?pickerId='),
    });
    // Headless Chromium opens no context menu: call what the menu click calls (see context-menu.test.ts).
    const worker = await ext.serviceWorker();
    await worker.evaluate(async (pageUrl) => {
      const [tab] = await chrome.tabs.query({ url: pageUrl });
      const click = (self as unknown as { webbitsMenuClick: (info: object, tab?: object) => Promise<void> })
        .webbitsMenuClick;
      await click(
        { menuItemId: 'webbits-download-page-links', pageUrl, editable: false, modifiers: [] },
        tab,
      );
    }, album.url());
    const picker = await pickerOpened;
    await picker.setViewportSize({ width: 640, height: 420 });
    await picker.getByRole('checkbox', { name: /Opening Night/ }).check();
    await picker.getByRole('checkbox', { name: /liner-notes\.pdf/ }).check();
    expect(await picker.getByText('2 of 4 links selected').count()).toBe(1);
    expect(await overflow(picker)).toBeLessThanOrEqual(0);
    await shoot(picker, 'picker');
    await picker.getByRole('textbox', { name: 'Filter' }).fill('mp3');
    expect(await picker.getByRole('checkbox').count()).toBe(3); // "Select all shown" and two links
    await shoot(picker, 'picker-filtered');
    await picker.close();
    await album.close();
  });

  it('popup and options in French', async () => {
    // The harness has no way to pass --lang, so this launch is made here.
    const profile = mkdtempSync(join(tmpdir(), 'webbits-fr-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath(),
      headless: true,
      locale: 'fr-FR',
      ignoreDefaultArgs: ['--disable-extensions'],
      args: [
        '--headless=new',
        '--no-sandbox',
        '--disable-gpu',
        '--lang=fr',
        `--disable-extensions-except=${DIST_CHROME}`,
        `--load-extension=${DIST_CHROME}`,
      ],
    });
    try {
      const isOurs = (w: { url(): string }) => w.url().startsWith('chrome-extension://');
      const worker =
        context.serviceWorkers().find(isOurs) ??
        (await context.waitForEvent('serviceworker', { predicate: isOurs }));
      const base = `chrome-extension://${new URL(worker.url()).host}`;
      const file = server.addFile('/files/rapport-annuel.pdf', { size: 16 * MiB });
      server.setThrottle(128 * 1024, '/files/rapport-annuel.pdf');

      const popup = await context.newPage();
      await popup.setViewportSize({ width: 400, height: 320 });
      await popup.goto(`${base}/popup.html`);
      await popup.getByRole('textbox', { name: 'Adresse (URL)' }).fill(file.url);
      await popup.getByRole('button', { name: 'Ajouter', exact: true }).click();
      await popup.waitForFunction(() => /\/s/.test(document.querySelector('li.job')?.textContent ?? ''));
      for (const name of ['Tout suspendre', 'Tout reprendre', 'Effacer les terminés', 'Suspendre', 'Annuler'])
        expect(await popup.getByRole('button', { name, exact: true }).count(), name).toBe(1);
      expect(await popup.getByRole('combobox', { name: 'Priorité' }).count()).toBe(1);
      expect(await popup.locator('li.job').textContent()).toMatch(/En cours.* sur 16 Mo · .+\/s/);
      expect(await overflow(popup)).toBeLessThanOrEqual(0);
      await shoot(popup, 'popup-fr');

      const options = await context.newPage();
      await options.setViewportSize({ width: 800, height: OPTIONS_HEIGHT });
      await options.goto(`${base}/options.html`);
      await options.getByLabel('Connexions par fichier').waitFor();
      expect(await overflow(options)).toBeLessThanOrEqual(0);
      await shoot(options, 'options-fr');
    } finally {
      server.setThrottle(null);
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  });
});
