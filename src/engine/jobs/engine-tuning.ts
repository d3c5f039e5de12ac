/**
 * The engine's numbers: how long it waits, how it cuts files, how much it runs at once. Tests
 * override them through EngineOptions.tuning; the product runs with these.
 */
import type { EngineTuning } from '../ports';

export const DEFAULT_TUNING: EngineTuning = {
  stallTimeoutMs: 30_000,
  connectionRetryDelaysMs: [1000, 2000, 4000],
  timeSliceMs: 60_000,
  chunkBytes: 1024 * 1024,
  minSplitBytes: 1024 * 1024,
  progressIntervalMs: 500,
  // job-model.md: up to 4 files of a job at once, within the per-host limit, so that small files
  // do not wait on each other.
  filesAtOnce: 4,
  // Saving is not transferring: a many-file job's saves are round trips through the downloads API,
  // and a few at once hide them.
  savesAtOnce: 4,
  // Backing files (the engine host) take bytes; IndexedDB Blob chunks set this (host-store.ts).
  wholeChunkBlobs: false,
  // job-model.md: a handed-off download is read "at most once a second while it runs".
  aria2PollMs: 1000,
  uploadFragmentBytes: 1024 * 1024,
  // The backing files' flush cadence (docs/performance.md, "Uploads").
  uploadRecordBytes: 8 * 1024 * 1024,
};

/** Final jobs stay visible this long after their last change. */
export const FINAL_JOB_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;
export const MAX_CONNECTIONS_PER_HOST = 8;
