/**
 * bench/resume-waste: what interruptions cost in bytes. One file through the extension with 4
 * connections while the service worker is stopped 3 times (CDP, as Chrome does) and the browser is
 * restarted once (same profile), and again with the worker stops alone; the figure is the server's body bytes for that file divided by
 * the file's size (1.00 = nothing fetched twice). A stopped service worker interrupts nothing, so
 * only the restart may cost something: at most the unrecorded tail (1 MiB) of each connection.
 */
import { rmSync } from 'node:fs';
import type { ExtensionSession } from '../test/e2e/harness';
import { startTestServer } from '../test/server';
import { launchBenchExtension, MiB, waitForSavedFile } from './extension-session';
import { describeMachine } from './machine';
import { sha256OfFile } from './peers';
import { median } from './report';

export interface ResumeWasteOptions {
  sizeMiB: number;
  rounds: number;
}

const CONNECTIONS = 4;
/** Fractions of the file at which the worker is stopped, then the browser restarted. */
const WORKER_STOPS = [0.15, 0.35, 0.55];
const BROWSER_RESTART = 0.75;
/** The whole transfer, uninterrupted, would take about this long: long enough to interrupt 4 times. */
const TARGET_SECONDS = 16;

async function reach(ext: ExtensionSession, id: string, bytes: number): Promise<void> {
  await ext.waitForJobState((j) => j.id === id && j.progress.bytesTransferred >= bytes, 10 * 60_000);
}

/** One download interrupted as `restart` says; returns the server's body bytes / the file's size. */
async function interruptedDownload(
  server: Awaited<ReturnType<typeof startTestServer>>,
  path: string,
  size: number,
  restart: boolean,
): Promise<number> {
  const file = server.addFile(path, { size });
  server.setThrottle(Math.max(256 * 1024, Math.round(size / CONNECTIONS / TARGET_SECONDS)), path);
  let ext = await launchBenchExtension();
  const { userDataDir, downloadDir } = ext;
  try {
    await ext.api('setSettings', { connectionsPerFile: CONNECTIONS });
    const job = await ext.api('addDownload', { url: file.url });
    for (const fraction of WORKER_STOPS) {
      await reach(ext, job.id, size * fraction);
      await ext.stopServiceWorker();
      await ext.api('listJobs'); // wakes the worker, as opening the popup would
    }
    if (restart) {
      await reach(ext, job.id, size * BROWSER_RESTART);
      ext = await ext.relaunch();
    }
    const saved = await waitForSavedFile(ext, job.id, 10 * 60_000);
    if ((await sha256OfFile(saved)) !== (await file.sha256())) throw new Error('resume-waste: wrong bytes');
    return (server.stats.byPath.get(path)?.bodyBytesSent ?? 0) / size;
  } finally {
    await ext.close();
    rmSync(userDataDir, { recursive: true, force: true });
    rmSync(downloadDir, { recursive: true, force: true });
  }
}

export async function runResumeWasteBench(opts: ResumeWasteOptions): Promise<void> {
  const server = await startTestServer();
  const size = opts.sizeMiB * MiB;
  const scenarios = [
    { name: '3 worker stops + 1 browser restart', restart: true, bound: 1 + (CONNECTIONS * MiB) / size },
    { name: '3 worker stops alone', restart: false, bound: 1 },
  ];
  try {
    console.log(`\nResume waste: ${opts.sizeMiB} MiB, ${CONNECTIONS} connections, ${opts.rounds} round(s)`);
    console.log(`machine: ${describeMachine()}`);
    for (const [s, scenario] of scenarios.entries()) {
      const ratios: number[] = [];
      for (let round = 0; round < opts.rounds; round++) {
        const ratio = await interruptedDownload(server, `/resume/${s}-${round}.bin`, size, scenario.restart);
        ratios.push(ratio);
        process.stderr.write(`  ${scenario.name}, round ${round + 1}: ${ratio.toFixed(3)} × size\n`);
      }
      const extra = ((median(ratios) - 1) * size) / MiB;
      console.log(
        `${scenario.name}: server bytes / file size, median ${median(ratios).toFixed(3)}` +
          ` (fetched again ${extra.toFixed(1)} MiB; the unrecorded tails allow ${scenario.bound.toFixed(3)})`,
      );
    }
  } finally {
    await server.close();
  }
}
