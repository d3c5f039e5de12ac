/**
 * bench/resume-waste: what interruptions cost in bytes. One file through the extension with 4
 * connections while the service worker is stopped 3 times (CDP, as Chrome does) and the browser is
 * restarted once (same profile); the figure is the server's body bytes for that file divided by
 * the file's size (1.00 = nothing fetched twice). The specification allows at most one chunk
 * (1 MiB) per connection per interruption.
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

export async function runResumeWasteBench(opts: ResumeWasteOptions): Promise<void> {
  const server = await startTestServer();
  const size = opts.sizeMiB * MiB;
  const ratios: number[] = [];
  const extraMiB: number[] = [];
  try {
    for (let round = 0; round < opts.rounds; round++) {
      const path = `/resume/${round}.bin`;
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
        await reach(ext, job.id, size * BROWSER_RESTART);
        ext = await ext.relaunch();
        const saved = await waitForSavedFile(ext, job.id, 10 * 60_000);
        if ((await sha256OfFile(saved)) !== (await file.sha256()))
          throw new Error('resume-waste: wrong bytes');
        const sent = server.stats.byPath.get(path)?.bodyBytesSent ?? 0;
        ratios.push(sent / size);
        extraMiB.push((sent - size) / MiB);
        process.stderr.write(`  round ${round + 1}: ${(sent / size).toFixed(3)} × size\n`);
      } finally {
        await ext.close();
        rmSync(userDataDir, { recursive: true, force: true });
        rmSync(downloadDir, { recursive: true, force: true });
      }
    }
    console.log(
      `\nResume waste: ${opts.sizeMiB} MiB, ${CONNECTIONS} connections, 3 worker stops + 1 browser restart, ${opts.rounds} round(s)`,
    );
    console.log(`machine: ${describeMachine()}`);
    console.log(
      `server bytes / file size: median ${median(ratios).toFixed(3)} (fetched again: median ${median(extraMiB).toFixed(1)} MiB;` +
        ` bound: ${4 * CONNECTIONS} MiB = 1 MiB per connection per interruption)`,
    );
  } finally {
    await server.close();
  }
}
