/**
 * Running WebBITS itself in a benchmark: the built extension in real Chromium (test/e2e/harness.ts),
 * driven through the background API exactly as the popup drives it. A download is timed from the
 * `addDownload` call to ACKNOWLEDGED (the browser reported the saved file complete), and the saved
 * file's sha256 is checked, as for every peer.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { JobInfo } from '../src/engine/types';
import {
  DIST_CHROME,
  launchExtension,
  savedFilePath,
  waitForFile,
  type ExtensionSession,
} from '../test/e2e/harness';
import { sha256OfFile, type PeerRun } from './peers';

export const MiB = 1024 * 1024;

/** The build benchmarked: `WEBBITS_EXTENSION_DIR` names another one (an older commit's, to compare). */
export const benchExtensionDir = (): string => process.env.WEBBITS_EXTENSION_DIR || DIST_CHROME;

export async function launchBenchExtension(extraArgs: string[] = []): Promise<ExtensionSession> {
  const extensionDir = benchExtensionDir();
  if (!existsSync(join(extensionDir, 'manifest.json')))
    throw new Error(`${extensionDir} has no build: run \`npm run build\` first`);
  return launchExtension({ extensionDir, extraArgs });
}

const isSettled = (job: JobInfo): boolean => job.state === 'ACKNOWLEDGED' || job.state === 'ERROR';

function failure(job: JobInfo): Error {
  return new Error(`${job.displayName}: ${job.state} ${job.error?.code ?? ''} ${job.error?.message ?? ''}`);
}

/** Waits until the job is ACKNOWLEDGED (or throws on ERROR) and returns the saved file's path. */
export async function waitForSavedFile(
  ext: ExtensionSession,
  id: string,
  timeoutMs: number,
): Promise<string> {
  return (await waitForSavedJob(ext, id, timeoutMs)).path;
}

async function waitForSavedJob(
  ext: ExtensionSession,
  id: string,
  timeoutMs: number,
): Promise<{ job: JobInfo; path: string }> {
  const job = await ext.waitForJobState((j) => j.id === id && isSettled(j), timeoutMs);
  if (job.state !== 'ACKNOWLEDGED') throw failure(job);
  return { job, path: await waitForFile(savedFilePath(ext, job), timeoutMs) };
}

/**
 * Where a job's time went, from its own timestamps: created → every byte stored
 * (`transferCompleted`) → saved and ACKNOWLEDGED (`modified`, the last change).
 */
export function phases(job: JobInfo): string {
  const { created, transferCompleted, modified } = job.times;
  if (transferCompleted === null) return '';
  const s = (ms: number) => (ms / 1000).toFixed(2);
  return `transfer ${s(transferCompleted - created)} s + save ${s(modified - transferCompleted)} s`;
}

/** One file through the extension with `connections` per file; the saved file is deleted after hashing. */
export async function extensionDownload(
  ext: ExtensionSession,
  url: string,
  connections: number,
  timeoutMs = 30 * 60_000,
): Promise<PeerRun> {
  await ext.api('setSettings', { connectionsPerFile: connections });
  const started = performance.now();
  const added = await ext.api('addDownload', { url });
  const { job, path } = await waitForSavedJob(ext, added.id, timeoutMs);
  const seconds = (performance.now() - started) / 1000;
  process.stderr.write(`    webbits ${connections} conn: ${phases(job)}\n`);
  const sha256 = await sha256OfFile(path);
  rmSync(path, { force: true });
  await ext.api('remove', { id: job.id }).catch(() => undefined);
  const { created, transferCompleted } = job.times;
  const parts: Record<string, number> = {};
  if (transferCompleted !== null) parts.transfer = (transferCompleted - created) / 1000;
  return { seconds, sha256, parts };
}

/**
 * Resolves once every job of `ids` is ACKNOWLEDGED; rejects naming the first that ends in ERROR.
 * One watch over the jobs port for all of them, so 200 jobs cost one listener, not 200.
 */
export async function waitForAllAcknowledged(
  ext: ExtensionSession,
  ids: readonly string[],
  timeoutMs: number,
): Promise<JobInfo[]> {
  const wanted = new Set(ids);
  const finished = new Map<string, JobInfo>();
  const failed: JobInfo[] = [];
  await ext.waitForJobState((job) => {
    if (!wanted.has(job.id)) return false;
    if (job.state === 'ACKNOWLEDGED') finished.set(job.id, job);
    if (job.state === 'ERROR') failed.push(job);
    return failed.length > 0 || finished.size === wanted.size;
  }, timeoutMs);
  if (failed[0]) throw failure(failed[0]);
  return ids.map((id) => finished.get(id)).filter((job): job is JobInfo => job !== undefined);
}
