/**
 * bench/page-blob: handing a large Blob from a page to WebBITS (an upload's `data`), in Chromium
 * with the built extension. The page calls `webbits.createJob({ type: 'upload', files: [{ url,
 * data }] })`; the bridge frame makes a `blob:` URL of the Blob, the engine host's worker reads it
 * into `staged/<uuid>` in the extension's origin private file system, and the job created takes it
 * over as `uploads/<jobId>`. Two cases: a File the person picked (`<input type=file>`, a file on
 * disk of `--size` MiB) and a Blob the page built in memory from the same bytes. Timed from the
 * call to its answer; PSS of the page's renderer, the extension process and the browser process
 * sampled every 100 ms (bench/memory-processes.ts). The job's stored copy is checked: its size,
 * and sha256 of its first, middle and last MiB against the source's.
 *
 * The in-memory Blob is made, and the baseline taken, only once the browser holds all of it (its
 * last byte reads back): Chromium copies a new Blob from the page's renderer to its own process
 * after `new Blob()` returns (2–3 s for 1 GiB here), which is the page's cost of building it
 * whatever it is handed to. A browser started moments ago holds at most about 500 MiB of Blobs
 * (its Blob storage gets its real limits some seconds after start; a larger Blob is broken at
 * once, ERR_OUT_OF_MEMORY in chrome://blob-internals), so the Blob is made again until it reads.
 */
import { createHash } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page, Worker } from 'playwright-core';
import { startTestServer } from '../test/server';
import { MiB, benchExtensionDir, launchBenchExtension } from './extension-session';
import { describeMachine } from './machine';
import { chromiumProcesses, pssKiB, type ChromiumProcess } from './memory-processes';

export interface PageBlobOptions {
  sizeMiB: number;
}

const DESK = '<!doctype html><meta charset="utf-8"><title>Upload desk</title><input type="file" id="pick">';

type PageWindow = { webbits: import('../src/page/webbits').WebBits };

/** A file of `sizeMiB` MiB: one random MiB repeated with its index stamped in, so slices differ. */
function writeSourceFile(dir: string, sizeMiB: number): string {
  const path = join(dir, 'upload.bin');
  const block = Buffer.alloc(MiB);
  for (let at = 0; at < MiB; at += 4) block.writeUInt32LE((Math.random() * 2 ** 32) >>> 0, at);
  const fd = openSync(path, 'w');
  for (let i = 0; i < sizeMiB; i++) {
    block.writeUInt32LE(i, 0);
    writeSync(fd, block);
  }
  closeSync(fd);
  return path;
}

const sliceOffsets = (size: number): number[] => [0, Math.floor(size / MiB / 2) * MiB, size - MiB];

function sourceSlices(path: string, size: number): string[] {
  const fd = openSync(path, 'r');
  const buffer = Buffer.alloc(MiB);
  const hashes = sliceOffsets(size).map((at) => {
    readSync(fd, buffer, 0, MiB, at);
    return createHash('sha256').update(buffer).digest('hex');
  });
  closeSync(fd);
  return hashes;
}

/** The job's stored copy (`uploads/<jobId>`), read in the service worker: size and the sha256 of three slices. */
function storedCopy(worker: Worker, jobId: string, offsets: number[], mib: number) {
  return worker.evaluate(
    async ({ jobId, offsets, mib }) => {
      const root = await navigator.storage.getDirectory();
      const file = await (await (await root.getDirectoryHandle('uploads')).getFileHandle(jobId)).getFile();
      const slices: string[] = [];
      for (const at of offsets) {
        const hash = await crypto.subtle.digest('SHA-256', await file.slice(at, at + mib).arrayBuffer());
        slices.push([...new Uint8Array(hash)].map((b) => b.toString(16).padStart(2, '0')).join(''));
      }
      return { size: file.size, slices };
    },
    { jobId, offsets, mib },
  );
}

interface Sampler {
  stop(): { page: number; extension: number; browser: number };
}

/** Peak PSS growth (MiB) over the baseline of each kind of process, sampled every 100 ms. */
function samplePss(userDataDir: string, pagePids: number[]): Sampler {
  const sum = (procs: ChromiumProcess[]) => procs.reduce((kib, p) => kib + pssKiB(p.pid), 0) / 1024;
  const read = () => {
    const all = chromiumProcesses(userDataDir);
    return {
      page: sum(all.filter((p) => pagePids.includes(p.pid))),
      extension: sum(all.filter((p) => p.extension)),
      browser: sum(all.filter((p) => p.type === 'browser')),
    };
  };
  const base = read();
  const peak = { ...base };
  const timer = setInterval(() => {
    const now = read();
    for (const key of ['page', 'extension', 'browser'] as const) peak[key] = Math.max(peak[key], now[key]);
  }, 100);
  return {
    stop() {
      clearInterval(timer);
      return {
        page: peak.page - base.page,
        extension: peak.extension - base.extension,
        browser: peak.browser - base.browser,
      };
    },
  };
}

type DataWindow = PageWindow & { uploadData?: Blob; uploadJob?: import('../src/page/webbits').WebBitsJob };

/**
 * Puts the Blob to hand over in `window.uploadData`: the picked File, or the page's own copy of it,
 * made again until the browser holds all of it. Resolves with the seconds that took (0 for a File).
 */
function prepareData(page: Page, source: 'file' | 'memory'): Promise<number> {
  return page.evaluate(async (source) => {
    const picked = (document.getElementById('pick') as HTMLInputElement).files?.[0];
    if (!picked) throw new Error('no file picked');
    const scope = window as unknown as DataWindow;
    if (source === 'file') {
      scope.uploadData = picked;
      return 0;
    }
    const bytes = new Uint8Array(await picked.arrayBuffer());
    for (let attempt = 0; attempt < 60; attempt++) {
      const started = performance.now();
      const blob = new Blob([bytes]);
      try {
        await blob.slice(blob.size - 1).arrayBuffer();
        scope.uploadData = blob;
        return (performance.now() - started) / 1000;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
    throw new Error('the browser never held the whole Blob');
  }, source);
}

async function handOver(page: Page, url: string): Promise<{ ms: number; jobId?: string; error?: string }> {
  return page.evaluate(
    async ({ url }) => {
      const scope = window as unknown as DataWindow;
      const started = performance.now();
      try {
        const job = await scope.webbits.createJob({
          displayName: 'Big upload',
          type: 'upload',
          files: [{ url, data: scope.uploadData }],
        } as never);
        scope.uploadJob = job;
        return { ms: performance.now() - started, jobId: job.id };
      } catch (error) {
        return {
          ms: performance.now() - started,
          error: `${(error as Error).name}: ${(error as Error).message}`,
        };
      }
    },
    { url },
  );
}

export async function runPageBlobBench(opts: PageBlobOptions): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'webbits-page-blob-'));
  const server = await startTestServer();
  // Without a spare renderer, the page's renderer is the one process that appears with it.
  const ext = await launchBenchExtension(['--disable-features=SpareRendererForSitePerProcess']);
  try {
    server.addRoute('/desk.html', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(DESK);
    });
    await ext.api('setSite', { origin: server.origin, decision: 'allowed' });
    const path = writeSourceFile(dir, opts.sizeMiB);
    const size = opts.sizeMiB * MiB;
    const expected = sourceSlices(path, size);
    const worker = await ext.serviceWorker();
    console.log(`\nA page hands WebBITS ${opts.sizeMiB} MiB (createJob with files[0].data), Chromium`);
    console.log(`extension: ${benchExtensionDir()}`);
    console.log(`machine: ${describeMachine()}`);
    console.log(
      'case                         s      MB/s   page PSS +MiB   extension +MiB   browser +MiB   check',
    );
    for (const source of ['file', 'memory'] as const) {
      const before = new Set(chromiumProcesses(ext.userDataDir).map((p) => p.pid));
      const page = await ext.context.newPage();
      await page.goto(`${server.origin}/desk.html`);
      await page.setInputFiles('#pick', path);
      const pagePids = chromiumProcesses(ext.userDataDir)
        .filter((p) => !before.has(p.pid) && p.type === 'renderer' && !p.extension)
        .map((p) => p.pid);
      const madeSeconds = await prepareData(page, source);
      // The baseline is taken with the page's Blob already made: what grows is the hand-over's.
      const sampler = samplePss(ext.userDataDir, pagePids);
      const outcome = await handOver(page, `${server.origin}/upload`);
      const growth = sampler.stop();
      const stored = outcome.jobId ? await storedCopy(worker, outcome.jobId, sliceOffsets(size), MiB) : null;
      await page.evaluate(() => (window as unknown as DataWindow).uploadJob?.cancel());
      const ok =
        !outcome.error && stored?.size === size && stored.slices.every((hash, i) => hash === expected[i]);
      const name = source === 'file' ? 'a picked File (on disk)' : 'a Blob built in the page';
      const cells = [
        (outcome.ms / 1000).toFixed(2).padStart(6),
        (size / 1e6 / (outcome.ms / 1000)).toFixed(0).padStart(8),
        growth.page.toFixed(0).padStart(14),
        growth.extension.toFixed(0).padStart(16),
        growth.browser.toFixed(0).padStart(14),
        ok ? '  size and slices match' : `  FAILED ${outcome.error ?? JSON.stringify(stored)}`,
      ];
      console.log(`${name.padEnd(26)} ${cells.join(' ')}`);
      if (source === 'memory')
        console.log(
          `  (before the call: the browser held all of the page's Blob ${madeSeconds.toFixed(2)} s after new Blob())`,
        );
      await page.close();
    }
  } finally {
    await ext.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
