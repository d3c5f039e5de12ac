/**
 * The demo store (`npm start`) in Chromium: the same headless scenario the demo runs. The album's
 * five tracks land in the library layout with the store's sha256, the classic page's items reach
 * downloadState 3 and are found again after a reload. A store the person blocks says so kindly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchExtension, type ExtensionSession } from './harness';
import { REVIEW_NOTE_BYTES, startDemoStore, type DemoStore } from '../demo/demo-store';
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

  it('renews expired track links on the album page with setFileUrl and still saves every track whole', async () => {
    // Links good for 1.5 s and tracks that take longer: every track's link expires on the way.
    const short = await startDemoStore({ linkLifetimeMs: 1500 });
    try {
      short.server.setThrottle(512 * 1024);
      const report = await runStoreScenario(ext, short);
      expect(report.tracks.map((track) => track.sha256Ok)).toEqual([true, true, true, true, true]);
      const trackRequests = short.server.stats.log.filter((r) => r.path.startsWith('/store/tracks/'));
      const expired = trackRequests.filter((r) => r.status === 403);
      expect(expired.length).toBeGreaterThan(0);
      console.info(`demo store: ${expired.length} requests met an expired link, each renewed by the page`);
      // A renewed link went on from the stored bytes: each track was fetched from 0 once.
      for (const track of short.tracks) {
        const fromZero = trackRequests.filter(
          (r) => r.path === new URL(track.url).pathname && r.range === 'bytes=0-' && r.status === 206,
        );
        expect(fromZero).toHaveLength(1);
      }
    } finally {
      await short.close();
    }
  });

  it("uploads a review from the review page and shows the store's reply", async () => {
    await ext.api('setSite', { origin: store.origin, decision: 'allowed' });
    const page = await ext.context.newPage();
    await page.goto(store.pages.review);
    const review = await page.inputValue('#review');
    await page.getByRole('button', { name: 'Upload a review' }).click();
    await page.locator('body[data-review="ACKNOWLEDGED"]').waitFor({ timeout: 60_000 });
    await page.locator('#review-reply:not(:empty)').waitFor();
    // The store's reply names what it received: the review's text, a line break and the voice note.
    const size = Buffer.byteLength(review) + 1 + REVIEW_NOTE_BYTES;
    expect(await page.textContent('#review-reply')).toContain(
      `Thank you! Your review of Live 1999 (${size} bytes`,
    );
    await page.close();
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
