/**
 * What every transfer test needs: a job and its file in a store, an env with real fetch and
 * timers and short tuning, and a way to run transferFile and collect its progress.
 */
import { createHash } from 'node:crypto';
import type { EngineTuning, FileRecord, JobRecord, JobStore } from '../../src/engine/ports';
import { newFileRecord } from '../../src/engine/jobs/engine-support';
import { transferFile } from '../../src/engine/transfer/file-transfer';
import { createHostSlots } from '../../src/engine/transfer/host-slots';
import type { ByteThrottle, TransferEnv } from '../../src/engine/transfer/transfer-types';
import { assembleFile } from './assemble';

export const MiB = 1024 * 1024;

export const shortTuning: EngineTuning = {
  // The test server shares this event loop and can hold it for a while when it writes fast.
  stallTimeoutMs: 2000,
  connectionRetryDelaysMs: [10, 20, 40],
  timeSliceMs: 60_000,
  chunkBytes: 256 * 1024,
  minSplitBytes: 256 * 1024,
  progressIntervalMs: 50,
  filesAtOnce: 4,
  savesAtOnce: 4,
  wholeChunkBlobs: false,
  aria2PollMs: 1000,
  uploadFragmentBytes: 256 * 1024,
  uploadRecordBytes: 1024 * 1024,
};

export interface EnvOptions {
  tuning?: Partial<EngineTuning>;
  connections?: number | (() => number);
  throttle?: ByteThrottle | null;
}

export function makeEnv(store: JobStore, options: EnvOptions = {}): TransferEnv {
  const connections = options.connections ?? 1;
  return {
    ports: {
      fetch: (url, init) => fetch(url, init),
      clock: { now: () => Date.now() },
      timers: {
        setTimeout: (fn, ms) => setTimeout(fn, ms),
        clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
      },
      store,
    },
    tuning: { ...shortTuning, ...options.tuning },
    connectionsPerFile: typeof connections === 'function' ? connections : () => connections,
    throttle: options.throttle ?? null,
    hosts: createHostSlots(8),
    links: new Map(),
  };
}

let jobs = 0;

/** Stores a job with one file at `url` and returns its records. */
export async function addJob(
  store: JobStore,
  url: string,
  extra: Partial<FileRecord> = {},
  headers: Record<string, string> = {},
): Promise<{ job: JobRecord; file: FileRecord }> {
  jobs += 1;
  const id = `00000000-0000-4000-8000-${String(jobs).padStart(12, '0')}`;
  const job: JobRecord = {
    id,
    owner: 'user',
    type: 'download',
    displayName: `job ${jobs}`,
    description: '',
    priority: 'normal',
    state: 'QUEUED',
    error: null,
    minimumRetryDelay: 600,
    noProgressTimeout: 1_209_600,
    autoComplete: true,
    created: 0,
    modified: 0,
    transferCompleted: null,
    wmp: null,
    collectionId: null,
    headers,
    referrer: null,
    aria2: null,
    fileCount: 1,
    seq: jobs,
    queuedAt: 0,
    firstTransientErrorAt: null,
    retryAt: null,
  };
  const file: FileRecord = { ...newFileRecord(id, 0, { url, name: null, sha256: null }), ...extra };
  await store.putJobAndFiles(job, [file]);
  return { job, file };
}

export interface RunOptions {
  signal?: AbortSignal;
  onProgress?(bytes: number, total: number | null): void;
  onTransferring?(): void;
}

/** Runs transferFile on the job's file as stored now; progress is recorded. */
export async function run(env: TransferEnv, job: JobRecord, options: RunOptions = {}) {
  const [file] = await env.ports.store.getFiles(job.id);
  if (!file) throw new Error('no file');
  const progress: number[] = [];
  let transferringCalls = 0;
  const result = await transferFile(env, {
    job,
    file,
    signal: options.signal ?? new AbortController().signal,
    onProgress(bytes, total) {
      progress.push(bytes);
      options.onProgress?.(bytes, total);
    },
    onTransferring() {
      transferringCalls += 1;
      options.onTransferring?.();
    },
  });
  return { file: result, progress, transferringCalls };
}

/** The promise's rejection, or a failure if it resolved. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection, but the promise resolved');
}

export async function storedSha256(store: JobStore, jobId: string, fileIndex = 0): Promise<string> {
  return createHash('sha256')
    .update(await assembleFile(store, jobId, fileIndex))
    .digest('hex');
}
