/**
 * The demo store (`npm start`) in Chromium: the same headless scenario the demo runs. The album's
 * five tracks land in the library layout with the store's sha256, the classic page's items reach
 * downloadState 3 and are found again after a reload. A store the person blocks says so kindly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchExtension, type ExtensionSession } from './harness';
import { startDemoStore, type DemoStore } from '../demo/demo-store';
import { runStoreScenario } from '../demo/store-scenario';

describe('demo store', () => {
  let store: DemoStore;
  let ext: ExtensionSession;

  beforeAll(async () => {
    store = await startDemoStore();
    ext = await launchExtension({ extensionDir: process.env.WEBBITS_EXTENSION_DIR || undefined });
  });
  afterAll(async () => {
    await ext?.close();
    await store?.close();
  });

  it('sells the album into the library layout and runs the classic page to Completed', async () => {
    const report = await runStoreScenario(ext, store);

    expect(report.tracks.map((track) => [track.localPath, track.sha256Ok])).toEqual([
      ['Proseware/The Band/Live 1999/01 Opening Night.mp3', true],
      ['Proseware/The Band/Live 1999/02 Crossroads.mp3', true],
      ['Proseware/The Band/Live 1999/03 Long Way Home.mp3', true],
      ['Proseware/The Band/Live 1999/04 Paper Lanterns.mp3', true],
      ['Proseware/The Band/Live 1999/05 Encore.mp3', true],
    ]);
    expect(report.extras.map((extra) => [extra.localPath, extra.downloadState, extra.sha256Ok])).toEqual([
      ['Live 1999 Booklet.pdf', 3, true],
      ['Live 1999 Interview.wma', 3, true],
      ['Live 1999 Encore.wmv', 3, true],
    ]);
    expect(report.extrasAfterReload).toBe(3);
    expect(report.ok).toBe(true);
  });

  it('tells the person, without buying anything, when they block the store', async () => {
    const other = await startDemoStore(); // another port is another origin, with no decision yet
    try {
      const page = await ext.context.newPage();
      await page.goto(other.pages.album);
      const prompt = ext.context.waitForEvent('page', { predicate: (p) => p.url().includes('consent.html') });
      await page.click('#buy');
      await (await prompt).getByRole('button', { name: 'Block', exact: true }).click();
      const notice = page.locator('#notice[data-tone="bad"]');
      await notice.waitFor();
      expect(await notice.textContent()).toContain(
        'Downloads from this store are blocked, so nothing was bought',
      );
      expect(await page.isEnabled('#buy')).toBe(true);
      const jobs = await ext.api('listJobs');
      expect(jobs.filter((job) => job.owner === other.origin)).toEqual([]);
      await page.close();
    } finally {
      await other.close();
    }
  });
});
