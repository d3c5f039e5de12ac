/**
 * Which store the host runs on, decided at every start by what works here (platform-notes.md,
 * "Storage"): records in IndexedDB with bytes in backing files (the origin private file system);
 * or, where backing files fail their self-test, bytes as IndexedDB chunk records; or, where
 * IndexedDB itself is missing (Firefox private browsing), everything in memory.
 */
import type { JobStore } from '../engine/ports';
import type { FlushThread, StorageMode } from '../shared/engine-host-api';
import { BackingFileStore } from '../store/backing-file-store';
import { parseBackingFileName } from '../store/backing-files';
import { WebBitsDb } from '../store/db';
import { DexieJobStore } from '../store/dexie-store';
import { MemoryJobStore } from '../store/memory-store';
import { moveChunksToBackingFiles } from '../store/move-chunks';
import { openOpfsBackingFiles } from './opfs-backing-files';
import { OpfsUploadFiles } from './opfs-upload-files';
import { withWriteQuota, type QuotaControl } from './write-quota';
import type { BackingFiles } from '../store/backing-files';

export interface HostStore {
  store: JobStore;
  storage: StorageMode;
  files: (BackingFiles & QuotaControl) | null;
  /** Upload jobs' data and replies: only where backing files work (the page stages Blobs there too). */
  uploads: OpfsUploadFiles | null;
  /** Where backing files are flushed: only where there are backing files. */
  flushThread?(): FlushThread;
}

/** `flushWorkerUrl`: the flush worker's script (src/engine-host/flush-worker.ts). */
export async function openHostStore(flushWorkerUrl: string): Promise<HostStore> {
  const db = new WebBitsDb();
  try {
    await db.open();
  } catch {
    return { store: new MemoryJobStore(), storage: 'memory', files: null, uploads: null };
  }
  const records = new DexieJobStore(db, { chunkAsBlob: true });
  const opfs = await openOpfsBackingFiles(flushWorkerUrl);
  if (!opfs) return { store: records, storage: 'chunks', files: null, uploads: null };
  const files = withWriteQuota(opfs);
  await moveChunksToBackingFiles(records, files);
  await removeOrphans(records, files);
  const uploads = new OpfsUploadFiles(await navigator.storage.getDirectory());
  await uploads.sweep((await records.loadAll()).jobs, Date.now()).catch(() => undefined);
  return {
    store: new BackingFileStore(records, files),
    storage: 'opfs',
    files,
    uploads,
    flushThread: () => opfs.flushThread,
  };
}

/** Backing files no job owns any more (a crash between a job's records and its files going). */
async function removeOrphans(records: JobStore, files: BackingFiles): Promise<void> {
  const { jobs } = await records.loadAll();
  const known = new Set(jobs.map((job) => job.id));
  for (const name of await files.list()) {
    const owner = parseBackingFileName(name);
    if (owner && !known.has(owner.jobId)) await files.remove(name);
  }
}
