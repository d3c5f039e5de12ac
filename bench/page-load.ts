/**
 * bench/page-load: what the content scripts add to a store page's load. The same page from the
 * same loopback server, loaded many times in a tab of (a) Chromium without the extension, (b) with
 * it, the page not using the API, (c) with it, the page calling `webbits.getJobs()` as soon as the
 * API is ready (its origin allowed beforehand, so no prompt). Figures are the page's own Navigation
 * Timing (`domContentLoadedEventEnd`, `loadEventEnd`) and, for (c), the time from navigation start
 * to the first answer from the background, and from the call to it (the bridge frame is made on
 * that call, so this is the price of the first call). Both browsers are open at once and every round loads
 * the page once in each profile, so that a busy moment of the machine falls on all three alike.
 * Medians over rounds, after warm-up loads; the "added" column also gives the median of the
 * per-round differences, which cancels noise shared by a round.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { chromiumPath } from '../test/e2e/harness';
import { startTestServer, type TestServer } from '../test/server';
import { launchBenchExtension } from './extension-session';
import { describeMachine } from './machine';
import { median } from './report';

export interface PageLoadOptions {
  rounds: number;
}

const WARM_UP = 3;

const STORE_BODY = `<h1>Proseware music</h1><ul>${Array.from(
  { length: 40 },
  (_, i) => `<li><a href="/track/${i}">Track ${i + 1}</a> <button>Buy</button></li>`,
).join('')}</ul>`;

const API_SCRIPT = `<script>
window.firstAnswerMs = new Promise(function (resolve) {
  function ask() {
    var called = performance.now();
    window.webbits.getJobs().then(function () { resolve([called, performance.now()]); });
  }
  if (window.webbits) ask(); else window.addEventListener('webbits:ready', ask, { once: true });
});
</script>`;

function serveStorePages(server: TestServer): void {
  for (const [path, script] of [
    ['/store/plain.html', ''],
    ['/store/api.html', API_SCRIPT],
  ] as const) {
    server.addRoute(path, (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(`<!doctype html><meta charset="utf-8"><title>Proseware store</title>${script}${STORE_BODY}`);
    });
  }
}

interface LoadTiming {
  domContentLoaded: number;
  load: number;
  /** From navigation start to the first answer, and from the call to it. */
  firstAnswer: number | null;
  firstAnswerAfterCall: number | null;
}

async function loadOnce(page: Page, url: string, withApi: boolean): Promise<LoadTiming> {
  await page.goto(url, { waitUntil: 'load' });
  return page.evaluate(async (api) => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const answer = api
      ? await (window as unknown as { firstAnswerMs: Promise<[number, number]> }).firstAnswerMs
      : null;
    return {
      domContentLoaded: nav.domContentLoadedEventEnd,
      load: nav.loadEventEnd,
      firstAnswer: answer ? answer[1] : null,
      firstAnswerAfterCall: answer ? answer[1] - answer[0] : null,
    };
  }, withApi);
}

async function launchPlainBrowser(): Promise<{ page: Page; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'webbits-plain-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    // The flags test/e2e/harness.ts gives the browser with the extension, so only the extension differs.
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    page: await context.newPage(),
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

interface Profile {
  name: string;
  page: Page;
  url: string;
  withApi: boolean;
  timings: LoadTiming[];
}

/** Warm-up loads in each profile, then `rounds` rounds of one load per profile. */
async function loadInterleaved(profiles: Profile[], rounds: number): Promise<void> {
  for (const p of profiles) for (let i = 0; i < WARM_UP; i++) await loadOnce(p.page, p.url, p.withApi);
  for (let i = 0; i < rounds; i++)
    for (const p of profiles) p.timings.push(await loadOnce(p.page, p.url, p.withApi));
}

export async function runPageLoadBench(opts: PageLoadOptions): Promise<void> {
  const server = await startTestServer();
  const plain = await launchPlainBrowser();
  const ext = await launchBenchExtension();
  try {
    serveStorePages(server);
    await ext.api('setSite', { origin: server.origin, decision: 'allowed' });
    const profile = (name: string, page: Page, path: string, withApi: boolean): Profile => ({
      name,
      page,
      url: server.url(path),
      withApi,
      timings: [],
    });
    const profiles = [
      profile('without the extension', plain.page, '/store/plain.html', false),
      profile('extension, API not used', await ext.context.newPage(), '/store/plain.html', false),
      profile('extension, API in use', await ext.context.newPage(), '/store/api.html', true),
    ];
    await loadInterleaved(profiles, opts.rounds);

    console.log(
      `\nStore page load, ${opts.rounds} rounds of one load per profile after ${WARM_UP} warm-up loads, medians in ms`,
    );
    console.log(`machine: ${describeMachine()}`);
    const base = profiles[0]?.timings ?? [];
    console.log(
      'profile                        DOMContentLoaded    load   added   added (per round)   first API answer   after the call',
    );
    for (const p of profiles) {
      const load = median(p.timings.map((x) => x.load));
      const perRound = median(p.timings.map((x, i) => x.load - (base[i]?.load ?? x.load)));
      const answers = p.timings.map((x) => x.firstAnswer).filter((x): x is number => x !== null);
      const afterCall = p.timings.map((x) => x.firstAnswerAfterCall).filter((x): x is number => x !== null);
      const cells = [
        median(p.timings.map((x) => x.domContentLoaded))
          .toFixed(1)
          .padStart(16),
        load.toFixed(1).padStart(7),
        (load - median(base.map((x) => x.load))).toFixed(1).padStart(7),
        perRound.toFixed(1).padStart(19),
        answers.length ? median(answers).toFixed(1).padStart(18) : '-'.padStart(18),
        afterCall.length ? median(afterCall).toFixed(1).padStart(16) : '-'.padStart(16),
      ];
      console.log(`${p.name.padEnd(30)} ${cells.join(' ')}`);
    }
  } finally {
    await ext.close();
    await plain.close();
    await server.close();
  }
}
