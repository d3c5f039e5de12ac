/**
 * The demo store's scenario, as a person would play it: open the album page, click "Buy album",
 * allow the store in the consent prompt, wait for the five tracks to be saved; then open the
 * classic page, click "Download extras", wait for every item to reach downloadState 3, and reload
 * it. Every saved file is checked against the store's sha256. `npm start` runs it headless and the
 * e2e test asserts on its report.
 */
import { join } from 'node:path';
import { statSync } from 'node:fs';
import type { Page } from 'playwright-core';
import type { JobInfo } from '../../src/engine/types';
import { sha256File, waitForFile, type ExtensionSession } from '../e2e/harness';
import type { DemoStore } from './demo-store';
import {
  scenarioSucceeded,
  type ExtraReport,
  type SavedFileReport,
  type StoreScenarioReport,
} from './scenario-report';

const WAIT_MS = 60_000;
// Page-side conditions as source strings: tsx would wrap a function with helpers the page lacks.
const ALBUM_SETTLED = `[...document.querySelectorAll('tr[data-track]')].every((row) =>
  ['ACKNOWLEDGED', 'ERROR', 'CANCELLED'].includes(row.dataset.state))`;
const classicSettled = (count: number, wanted: string) => `(() => {
  const rows = [...document.querySelectorAll('#items tr')];
  return rows.length === ${count} && rows.every((row) => ${wanted});
})()`;
const ITEM_STOPPED = `row.dataset.state === '3' || row.dataset.state === '4' || row.querySelector('.error')`;

export async function runStoreScenario(
  ext: ExtensionSession,
  store: DemoStore,
  options: { page?: Page; log?: (line: string) => void } = {},
): Promise<StoreScenarioReport> {
  const log = options.log ?? (() => undefined);
  const page = options.page ?? (await ext.context.newPage());
  if (page.url() !== store.pages.album) await page.goto(store.pages.album);

  const prompt = ext.context.waitForEvent('page', { predicate: (p) => p.url().includes('consent.html') });
  await page.click('#buy');
  const promptPage = await prompt;
  await promptPage.getByRole('button', { name: 'Allow', exact: true }).click();
  log(`Clicked "Buy album" and allowed ${store.origin} in the consent prompt`);
  await page.waitForFunction(ALBUM_SETTLED, undefined, { timeout: WAIT_MS, polling: 250 });
  const ownJobs = () => ext.api('listJobs').then((jobs) => jobs.filter((job) => job.owner === store.origin));

  const albumJobs = await ownJobs();
  const tracks: SavedFileReport[] = [];
  for (const track of store.tracks) {
    const job = newest(
      albumJobs.filter(
        (j) => j.wmp?.serviceId === store.album.serviceId && j.wmp.trackNumber === track.number,
      ),
    );
    tracks.push(await checkSaved(ext, track.title, job, track.sha256));
  }
  log(`Album: ${tracks.filter((t) => t.state === 'ACKNOWLEDGED').length} of ${tracks.length} tracks saved`);

  await page.goto(store.pages.classic);
  await page.click('#start');
  const count = store.extras.length;
  await page.waitForFunction(classicSettled(count, ITEM_STOPPED), undefined, {
    timeout: WAIT_MS,
    polling: 250,
  });
  const states = await page.$$eval('#items tr', (rows) =>
    rows.map((row) => Number(row.getAttribute('data-state'))),
  );
  const extraJobs = await ownJobs();
  const extras: ExtraReport[] = [];
  for (const [index, extra] of store.extras.entries()) {
    const job = newest(extraJobs.filter((j) => j.collectionId !== null && j.files[0]?.url === extra.url));
    const saved = await checkSaved(ext, extra.label, job, extra.sha256);
    extras.push({ ...saved, downloadState: states[index] ?? null });
  }
  log(`Classic page: ${extras.filter((e) => e.downloadState === 3).length} of ${count} items Completed`);

  await page.reload();
  const foundAgain = await page
    .waitForFunction(classicSettled(count, `row.dataset.state === '3'`), undefined, {
      timeout: 10_000,
      polling: 250,
    })
    .then(
      () => count,
      () => page.$$eval('#items tr[data-state="3"]', (rows) => rows.length),
    );
  const partial = { tracks, extras, extrasAfterReload: foundAgain };
  return { ...partial, ok: scenarioSucceeded(partial) };
}

function newest(jobs: JobInfo[]): JobInfo | undefined {
  return jobs.reduce<JobInfo | undefined>(
    (best, job) => (best && best.times.created >= job.times.created ? best : job),
    undefined,
  );
}

async function checkSaved(
  ext: ExtensionSession,
  label: string,
  job: JobInfo | undefined,
  sha256: string,
): Promise<SavedFileReport> {
  if (!job)
    return { label, state: 'MISSING', localPath: null, bytes: null, sha256Ok: false, error: 'no job found' };
  const localPath = job.state === 'ACKNOWLEDGED' ? (job.files[0]?.localPath ?? null) : null;
  const error = job.error?.message ?? null;
  if (localPath === null) return { label, state: job.state, localPath, bytes: null, sha256Ok: false, error };
  const path = await waitForFile(join(ext.downloadDir, localPath));
  const sha256Ok = (await sha256File(path)) === sha256;
  return { label, state: job.state, localPath, bytes: statSync(path).size, sha256Ok, error };
}
