/**
 * bench/page-load: what the content scripts add to a store page's load. The same page from the
 * same loopback server, loaded many times in a tab of (a) Chromium without the extension, (b) with
 * it, the page not using the API, (c) with it, the page calling `webbits.getJobs()` as soon as the
 * API is ready (its origin allowed beforehand, so no prompt). Figures are the page's own Navigation
 * Timing (`domContentLoadedEventEnd`, `loadEventEnd`) and, for (c), the time from navigation start
 * to the first answer from the background. Medians over rounds, after warm-up loads.
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
  function ask() { window.webbits.getJobs().then(function () { resolve(performance.now()); }); }
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
  firstAnswer: number | null;
}

async function loadOnce(page: Page, url: string, withApi: boolean): Promise<LoadTiming> {
  await page.goto(url, { waitUntil: 'load' });
  return page.evaluate(async (api) => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const answer = api ? await (window as unknown as { firstAnswerMs: Promise<number> }).firstAnswerMs : null;
    return { domContentLoaded: nav.domContentLoadedEventEnd, load: nav.loadEventEnd, firstAnswer: answer };
  }, withApi);
}

async function loadMany(page: Page, url: string, withApi: boolean, rounds: number): Promise<LoadTiming[]> {
  for (let i = 0; i < WARM_UP; i++) await loadOnce(page, url, withApi);
  const timings: LoadTiming[] = [];
  for (let i = 0; i < rounds; i++) timings.push(await loadOnce(page, url, withApi));
  return timings;
}

async function withoutExtension(server: TestServer, rounds: number): Promise<LoadTiming[]> {
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
  try {
    return await loadMany(await context.newPage(), server.url('/store/plain.html'), false, rounds);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

export async function runPageLoadBench(opts: PageLoadOptions): Promise<void> {
  const server = await startTestServer();
  try {
    serveStorePages(server);
    const plain = await withoutExtension(server, opts.rounds);
    const ext = await launchBenchExtension();
    let idle: LoadTiming[];
    let inUse: LoadTiming[];
    try {
      await ext.api('setSite', { origin: server.origin, decision: 'allowed' });
      const page = await ext.context.newPage();
      idle = await loadMany(page, server.url('/store/plain.html'), false, opts.rounds);
      inUse = await loadMany(page, server.url('/store/api.html'), true, opts.rounds);
    } finally {
      await ext.close();
    }
    console.log(`\nStore page load, ${opts.rounds} loads each after ${WARM_UP} warm-up loads, medians in ms`);
    console.log(`machine: ${describeMachine()}`);
    const base = median(plain.map((t) => t.load));
    console.log('profile                        DOMContentLoaded    load   added   first API answer');
    const row = (name: string, t: LoadTiming[]) => {
      const load = median(t.map((x) => x.load));
      const answers = t.map((x) => x.firstAnswer).filter((x): x is number => x !== null);
      console.log(
        `${name.padEnd(30)} ${median(t.map((x) => x.domContentLoaded))
          .toFixed(1)
          .padStart(
            16,
          )} ${load.toFixed(1).padStart(7)} ${(load - base).toFixed(1).padStart(7)} ${answers.length ? median(answers).toFixed(1).padStart(18) : '-'.padStart(18)}`,
      );
    };
    row('without the extension', plain);
    row('extension, API not used', idle);
    row('extension, API in use', inUse);
  } finally {
    await server.close();
  }
}
