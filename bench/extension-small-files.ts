/**
 * bench/small-files: many small files, where per-job and per-file overheads (IndexedDB records,
 * messages, the save through the downloads API) dominate instead of the network. WebBITS with all
 * files in one job (through the page API, as a store would) and with one job per file (the popup's
 * `addDownloads`), beside `aria2c -i <list>` and the browser's own downloads API on the same files
 * (bench/small-files-peers.ts: what Chromium costs per file without WebBITS). Every saved file's
 * sha256 is checked.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExtensionSession } from '../test/e2e/harness';
import { savedFilePath } from '../test/e2e/harness';
import { startTestServer, type FileHandle, type TestServer } from '../test/server';
import { launchBenchExtension, phases, waitForAllAcknowledged } from './extension-session';
import { serveBlankPage } from './extension';
import { describeMachine } from './machine';
import { hasCommand, sha256OfFile } from './peers';
import { median } from './report';
import { downloadsApiFiles } from './small-files-peers';

const ARIA2_CASE = 'aria2c -i list';

export interface SmallFilesBenchOptions {
  files: number;
  fileKiB: number;
  rounds: number;
}

export interface SmallFile {
  handle: FileHandle;
  sha256: string;
}

async function checkAll(paths: string[], files: SmallFile[], label: string): Promise<void> {
  for (const [i, path] of paths.entries()) {
    if ((await sha256OfFile(path)) !== files[i]?.sha256) throw new Error(`${label}: wrong bytes in ${path}`);
  }
}

async function aria2List(files: SmallFile[]): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'webbits-aria2-list-'));
  try {
    const list = join(dir, 'urls.txt');
    writeFileSync(list, files.map((f, i) => `${f.handle.url}\n  out=${i}.bin\n`).join(''));
    const started = performance.now();
    await new Promise<void>((resolve, reject) => {
      const child = spawn(
        'aria2c',
        ['-i', list, '-d', join(dir, 'out'), '--console-log-level=warn', '--summary-interval=0'],
        {
          stdio: 'ignore',
        },
      );
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`aria2c exited ${code}`))));
    });
    const seconds = (performance.now() - started) / 1000;
    await checkAll(
      files.map((_, i) => join(dir, 'out', `${i}.bin`)),
      files,
      'aria2c -i',
    );
    return seconds;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function webbitsJobPerFile(ext: ExtensionSession, files: SmallFile[]): Promise<number> {
  const started = performance.now();
  const jobs = await ext.api('addDownloads', { urls: files.map((f) => f.handle.url) });
  const done = await waitForAllAcknowledged(
    ext,
    jobs.map((j) => j.id),
    10 * 60_000,
  );
  const seconds = (performance.now() - started) / 1000;
  const paths = done.map((job) => savedFilePath(ext, job));
  await checkAll(paths, files, 'webbits jobs');
  for (const path of paths) rmSync(path, { force: true });
  await ext.api('clearFinished');
  return seconds;
}

/** `count` files of `kib` KiB on the server, with the sha256 each saved copy must have. */
export async function addSmallFiles(server: TestServer, count: number, kib: number): Promise<SmallFile[]> {
  const files: SmallFile[] = [];
  for (let i = 0; i < count; i++) {
    const handle = server.addFile(`/small/${i}.bin`, { size: kib * 1024 });
    files.push({ handle, sha256: await handle.sha256() });
  }
  return files;
}

let jobNumber = 0;

/** One job of every file, created by a store page through `window.webbits` (its origin is allowed). */
export async function webbitsOneJob(
  ext: ExtensionSession,
  server: TestServer,
  files: SmallFile[],
): Promise<number> {
  const page = await ext.context.newPage();
  try {
    await page.goto(server.url('/bench/index.html'));
    const displayName = `small files ${++jobNumber}`;
    const started = performance.now();
    const id = await page.evaluate(
      async ({ urls, displayName }) => {
        const api = (
          window as unknown as {
            webbits: { createJob(init: unknown): Promise<{ id: string; resume(): Promise<unknown> }> };
          }
        ).webbits;
        const job = await api.createJob({
          displayName,
          files: urls.map((url, i) => ({ url, name: `${i}.bin` })),
        });
        await job.resume();
        return job.id;
      },
      { urls: files.map((f) => f.handle.url), displayName },
    );
    const [job] = await waitForAllAcknowledged(ext, [id], 10 * 60_000);
    const seconds = (performance.now() - started) / 1000;
    if (!job) throw new Error('webbits one job: not acknowledged');
    process.stderr.write(`    webbits 1 job: ${phases(job)}\n`);
    const paths = files.map((_, i) => savedFilePath(ext, job, i));
    await checkAll(paths, files, 'webbits one job');
    for (const path of paths) rmSync(path, { force: true });
    await ext.api('clearFinished');
    return seconds;
  } finally {
    await page.close();
  }
}

export async function runSmallFilesBench(opts: SmallFilesBenchOptions): Promise<void> {
  const server = await startTestServer();
  const ext = await launchBenchExtension();
  try {
    serveBlankPage(server);
    await ext.api('setSite', { origin: server.origin, decision: 'allowed' });
    const files = await addSmallFiles(server, opts.files, opts.fileKiB);
    const cases: Array<{ name: string; run: () => Promise<number> }> = [
      { name: 'webbits, 1 job', run: () => webbitsOneJob(ext, server, files) },
      { name: `webbits, ${opts.files} jobs`, run: () => webbitsJobPerFile(ext, files) },
      { name: 'chromium, http URLs', run: () => downloadsApiFiles(ext, files, 'http') },
      { name: 'chromium, blob: URLs', run: () => downloadsApiFiles(ext, files, 'blob') },
      ...(hasCommand('aria2c') ? [{ name: ARIA2_CASE, run: () => aria2List(files) }] : []),
    ];
    const seconds = cases.map(() => [] as number[]);
    for (let round = 0; round < opts.rounds; round++) {
      for (const [i, c] of cases.entries()) {
        const s = await c.run();
        seconds[i]?.push(s);
        process.stderr.write(`  round ${round + 1}: ${c.name}: ${s.toFixed(2)} s\n`);
      }
    }
    console.log(`\n${opts.files} files of ${opts.fileKiB} KiB, ${opts.rounds} round(s), median of rounds`);
    console.log(`machine: ${describeMachine()}`);
    const ariaSeconds = seconds[cases.findIndex((c) => c.name === ARIA2_CASE)];
    const aria = ariaSeconds ? opts.files / median(ariaSeconds) : null;
    console.log('case                   median s   files/s   × aria2c');
    for (const [i, c] of cases.entries()) {
      const s = median(seconds[i] ?? []);
      const rate = opts.files / s;
      console.log(
        `${c.name.padEnd(22)} ${s.toFixed(2).padStart(8)} ${rate.toFixed(1).padStart(9)} ${aria ? (rate / aria).toFixed(2).padStart(10) : '-'}`,
      );
    }
  } finally {
    await ext.close();
    await server.close();
  }
}
