/**
 * The soak: for `minutes`, jobs keep arriving in real Chromium with the built extension while the
 * server and the browser misbehave at random (seeded, so a failing run can be replayed): connection
 * resets, stalls and 5xx answers, files changing on the server mid-transfer, the service worker
 * stopped, the browser closed and started again with the same profile. Then the chaos stops, every
 * job must settle, and each must be ACKNOWLEDGED with the right bytes on disk or in ERROR with the
 * right code, with no chunk left in IndexedDB.
 */
import { rmSync } from 'node:fs';
import type { JobInfo } from '../../src/engine/types';
import {
  launchExtension,
  savedFilePath,
  sha256File,
  waitForFile,
  type ExtensionSession,
} from '../e2e/harness';
import { seededRandom } from '../server/prng';
import { startTestServer, type FileHandle, type TestServer } from '../server/index';
import { judge, isSettled, type TrackedJob, type Verdict } from './soak-jobs';
import { countStoredRecords, type StoredRecordCounts } from './stored-records';

export interface SoakOptions {
  minutes: number;
  seed: number;
  /** How long the jobs may take to settle once the chaos stops. */
  drainMinutes?: number;
  log?: (line: string) => void;
}

export interface SoakReport extends Verdict {
  seed: number;
  jobs: number;
  /** What was done to the extension: faults armed, worker stops, browser restarts, file changes. */
  events: Record<string, number>;
  stored: StoredRecordCounts;
}

const KiB = 1024;
const MiB = 1024 * KiB;
const WORKER_STOP_EVERY_MS = 12_000;
const BROWSER_RESTART_EVERY_MS = 45_000;
const RECENT_JOBS = 6;

interface SoakState {
  server: TestServer;
  ext: ExtensionSession;
  random: () => number;
  tracked: TrackedJob[];
  files: Map<string, FileHandle>;
  versions: Map<string, Set<string>>;
  events: Record<string, number>;
  log: (line: string) => void;
}

const pick = <T>(random: () => number, items: readonly T[]): T | undefined =>
  items[Math.floor(random() * items.length)];
const between = (random: () => number, low: number, high: number) =>
  Math.round(low + random() * (high - low));
const count = (state: SoakState, event: string) => (state.events[event] = (state.events[event] ?? 0) + 1);

async function addJob(state: SoakState): Promise<void> {
  const n = state.tracked.length;
  if (state.random() < 0.1) {
    const job = await state.ext.api('addDownload', { url: state.server.url(`/soak/gone-${n}.bin`) });
    state.tracked.push({ id: job.id, expect: { kind: 'error', code: 'BG_E_HTTP_ERROR_404' } });
    count(state, 'missing-file jobs');
    return;
  }
  const path = `/soak/file-${n}.bin`;
  const file = state.server.addFile(path, { size: between(state.random, 256 * KiB, 6 * MiB) });
  state.files.set(path, file);
  state.versions.set(path, new Set([await file.sha256()]));
  state.server.setThrottle(between(state.random, 512 * KiB, 2 * MiB), path);
  state.server.randomFaults(path, {
    probability: 0.2,
    kinds: ['reset', 'status'],
    max: 3,
    seed: Math.floor(state.random() * 2 ** 31),
  });
  const job = await state.ext.api('addDownload', { url: file.url });
  state.tracked.push({ id: job.id, expect: { kind: 'file', path } });
  count(state, 'file jobs');
}

function recentPath(state: SoakState): string | undefined {
  return pick(state.random, [...state.files.keys()].slice(-RECENT_JOBS));
}

async function armFault(state: SoakState): Promise<void> {
  const path = recentPath(state);
  if (!path) return;
  const afterBytes = between(state.random, 0, 512 * KiB);
  const fault = pick(state.random, [
    { kind: 'reset', afterBytes },
    { kind: 'reset', afterBytes },
    { kind: 'stall', afterBytes },
    { kind: 'status', status: 503, retryAfter: '1' },
    { kind: 'status', status: 500 },
  ] as const);
  if (!fault) return;
  state.server.queueFaults(path, fault);
  count(state, `fault ${fault.kind}`);
}

async function changeFile(state: SoakState): Promise<void> {
  const path = recentPath(state);
  const file = path ? state.files.get(path) : undefined;
  if (!path || !file) return;
  state.server.changeFile(path);
  state.versions.get(path)?.add(await file.sha256());
  count(state, 'file changes');
}

async function stopWorker(state: SoakState): Promise<void> {
  await state.ext.api('listJobs'); // the worker must be running to be stopped
  await state.ext.stopServiceWorker();
  await state.ext.api('listJobs'); // wakes it, as opening the popup would
  count(state, 'worker stops');
}

async function restartBrowser(state: SoakState): Promise<void> {
  state.ext = await state.ext.relaunch();
  count(state, 'browser restarts');
}

/** Resolves once every tracked job is ACKNOWLEDGED or ERROR; the final jobs. */
async function settleAll(state: SoakState, timeoutMs: number): Promise<JobInfo[]> {
  const ids = new Set(state.tracked.map((t) => t.id));
  const latest = new Map<string, JobInfo>();
  await state.ext.waitForJobState((job) => {
    if (ids.has(job.id)) latest.set(job.id, job);
    return latest.size === ids.size && [...latest.values()].every(isSettled);
  }, timeoutMs);
  return state.ext.api('listJobs');
}

async function savedHashes(ext: ExtensionSession, jobs: JobInfo[]): Promise<Map<string, string | null>> {
  const hashes = new Map<string, string | null>();
  for (const job of jobs.filter((j) => j.state === 'ACKNOWLEDGED')) {
    try {
      hashes.set(job.id, await sha256File(await waitForFile(savedFilePath(ext, job), 10_000)));
    } catch {
      hashes.set(job.id, null);
    }
  }
  return hashes;
}

/** Chunks are deleted once the browser reports the saved file complete: give that a moment. */
async function storedAfterCleanup(ext: ExtensionSession): Promise<StoredRecordCounts> {
  const page = await ext.openExtensionPage('popup');
  try {
    let counts = await countStoredRecords(page);
    for (let tries = 0; (counts.chunks ?? 0) > 0 && tries < 20; tries++) {
      await page.waitForTimeout(500);
      counts = await countStoredRecords(page);
    }
    return counts;
  } finally {
    await page.close();
  }
}

export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const log = options.log ?? (() => undefined);
  const random = seededRandom(options.seed);
  const server = await startTestServer();
  const first = await launchExtension();
  const { userDataDir, downloadDir } = first;
  const state: SoakState = {
    server,
    ext: first,
    random,
    tracked: [],
    files: new Map(),
    versions: new Map(),
    events: {},
    log,
  };
  try {
    await state.ext.api('setSettings', { connectionsPerFile: 4, backgroundJobs: 3, userRetryDelay: 5 });
    const started = Date.now();
    const end = started + options.minutes * 60_000;
    let lastStop = started;
    let lastRestart = started;
    log(`soak: ${options.minutes} min, seed ${options.seed}`);
    while (Date.now() < end) {
      const now = Date.now();
      if (now - lastRestart >= BROWSER_RESTART_EVERY_MS && end - now > 20_000) {
        await restartBrowser(state);
        lastRestart = lastStop = Date.now();
      } else if (now - lastStop >= WORKER_STOP_EVERY_MS) {
        await stopWorker(state);
        lastStop = Date.now();
      } else {
        const roll = random();
        if (roll < 0.45) await addJob(state);
        else if (roll < 0.85) await armFault(state);
        else await changeFile(state);
      }
      // Pacing between chaos steps: there is no event to wait for, the point is to let time pass.
      await new Promise((resolve) => setTimeout(resolve, between(random, 500, 2500)));
      log(`  ${Math.round((Date.now() - started) / 1000)} s: ${JSON.stringify(state.events)}`);
    }
    server.clearFaults();
    for (const path of state.files.keys()) server.setThrottle(null, path);
    log('soak: chaos over, waiting for every job to settle');
    const finalJobs = await settleAll(state, (options.drainMinutes ?? 5) * 60_000);
    const verdict = judge(
      state.tracked,
      finalJobs,
      await savedHashes(state.ext, finalJobs),
      (path) => state.versions.get(path) ?? new Set(),
    );
    return {
      seed: options.seed,
      jobs: state.tracked.length,
      events: state.events,
      stored: await storedAfterCleanup(state.ext),
      ...verdict,
    };
  } finally {
    await state.ext.close();
    await server.close();
    rmSync(userDataDir, { recursive: true, force: true });
    rmSync(downloadDir, { recursive: true, force: true });
  }
}
