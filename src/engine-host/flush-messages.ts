/**
 * Messages between the engine host's worker and its flush worker (src/engine-host/flush-worker.ts).
 * Only these two talk this way.
 */

/** The flush worker's script, built next to the engine host's (src/build/extension-build.ts). */
export const FLUSH_WORKER_SCRIPT = 'engine-host-flush.js';

export type ToFlushWorker = { type: 'flush' | 'close'; id: number; name: string };

export type FromFlushWorker =
  { id: number; ok: true } | { id: number; ok: false; name: string; message: string };
