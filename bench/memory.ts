/**
 * bench/memory: the extension's memory while it downloads one large file (2 GiB by default), from
 * outside the browser: the PSS of the processes Chromium marks `--extension-process` (service
 * worker, offscreen document, the extension page that drives it), of the browser process (which
 * holds the blob and IndexedDB back ends and the downloads), and of all of Chromium, sampled every
 * second. Growth = peak − the figure just before the download started.
 */
import { rmSync } from 'node:fs';
import { startTestServer } from '../test/server';
import { launchBenchExtension, MiB, waitForSavedFile } from './extension-session';
import { describeMachine } from './machine';
import { chromiumProcesses, cpuSeconds, pssKiB, type ChromiumProcess } from './memory-processes';
import { sha256OfFile } from './peers';

export interface MemoryBenchOptions {
  sizeMiB: number;
}

interface Sample {
  extension: number;
  browser: number;
  all: number;
}

function sample(userDataDir: string): Sample {
  const processes = chromiumProcesses(userDataDir);
  const sum = (pick: (p: ChromiumProcess) => boolean) =>
    processes.filter(pick).reduce((total, p) => total + pssKiB(p.pid), 0) / 1024;
  return {
    extension: sum((p) => p.extension),
    browser: sum((p) => p.type === 'browser'),
    all: sum(() => true),
  };
}

/** CPU seconds used so far by each kind of process (extension, browser, network and other utilities, ...). */
function cpuByKind(userDataDir: string): Map<string, number> {
  const byKind = new Map<string, number>();
  for (const p of chromiumProcesses(userDataDir)) {
    const kind = p.extension ? 'extension' : p.type;
    byKind.set(kind, (byKind.get(kind) ?? 0) + cpuSeconds(p.pid));
  }
  return byKind;
}

export async function runMemoryBench(opts: MemoryBenchOptions): Promise<void> {
  const server = await startTestServer();
  const ext = await launchBenchExtension();
  try {
    const size = opts.sizeMiB * MiB;
    const file = server.addFile('/memory/large.bin', { size });
    await ext.api('setSettings', { connectionsPerFile: 4 });
    await ext.api('listJobs');
    const before = sample(ext.userDataDir);
    const cpuBefore = cpuByKind(ext.userDataDir);
    const peak: Sample = { ...before };
    const timer = setInterval(() => {
      const now = sample(ext.userDataDir);
      peak.extension = Math.max(peak.extension, now.extension);
      peak.browser = Math.max(peak.browser, now.browser);
      peak.all = Math.max(peak.all, now.all);
    }, 1000);
    const started = performance.now();
    let saved: string;
    try {
      const job = await ext.api('addDownload', { url: file.url });
      saved = await waitForSavedFile(ext, job.id, 60 * 60_000);
    } finally {
      clearInterval(timer);
    }
    const seconds = (performance.now() - started) / 1000;
    const after = sample(ext.userDataDir);
    const cpuAfter = cpuByKind(ext.userDataDir);
    if ((await sha256OfFile(saved)) !== (await file.sha256())) throw new Error('memory: wrong bytes');
    rmSync(saved, { force: true });

    console.log(
      `\nMemory while downloading ${opts.sizeMiB} MiB (4 connections, unthrottled, ${seconds.toFixed(1)} s)`,
    );
    console.log(`machine: ${describeMachine()}`);
    console.log('PSS from /proc/<pid>/smaps_rollup, MiB   before    peak  growth   after');
    const row = (name: string, key: keyof Sample) =>
      console.log(
        `${name.padEnd(38)} ${before[key].toFixed(0).padStart(7)} ${peak[key].toFixed(0).padStart(7)} ${(peak[key] - before[key]).toFixed(0).padStart(7)} ${after[key].toFixed(0).padStart(7)}`,
      );
    row('extension process (--extension-process)', 'extension');
    row('browser process', 'browser');
    row('all Chromium processes', 'all');
    // Where the CPU went while downloading: which process is the bottleneck on this machine.
    const cpu = [...cpuAfter].map(([kind, s]) => `${kind} ${(s - (cpuBefore.get(kind) ?? 0)).toFixed(1)} s`);
    console.log(`CPU time during the download (of ${seconds.toFixed(1)} s wall): ${cpu.join(', ')}`);
  } finally {
    await ext.close();
    await server.close();
  }
}
