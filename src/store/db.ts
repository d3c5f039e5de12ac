/**
 * The IndexedDB database (Dexie 4). Importing this module has no side effects: the background
 * and the offscreen document (which reads chunk Blobs to save a file) both open it by name.
 */
import Dexie, { type Table, type Transaction } from 'dexie';
import type { ChunkRecord, FileRecord, JobRecord, SegmentRecord } from '../engine/ports';

export const DB_NAME = 'webbits';

export type JobKey = string;
export type FileKey = [jobId: string, index: number];
export type SegmentKey = [jobId: string, fileIndex: number, start: number];
export type ChunkKey = [jobId: string, fileIndex: number, offset: number];

export interface SchemaVersion {
  version: number;
  /** Dexie store specs; `null` drops a table. Only keys and indexes, never every field. */
  stores: Record<string, string | null>;
  /** Moves data written by the previous version into this version's shape. */
  upgrade?: (tx: Transaction) => Promise<void> | void;
}

/**
 * Every schema the database ever had, oldest first. Add a version by appending one entry (and a
 * case in db-upgrade.test.ts); never edit a released entry, since browsers already hold its data.
 *
 * Every table is keyed by its natural compound key, and each query is a range over a prefix of
 * that key (see key-ranges.ts): files, segments and chunks of a job or of one file come back in
 * order without any secondary index, so writing a chunk updates one B-tree and nothing else.
 * Chunk `data` is never part of a key or index.
 */
export const SCHEMA_VERSIONS: readonly SchemaVersion[] = [
  {
    version: 1,
    stores: {
      jobs: 'id',
      files: '[jobId+index]',
      segments: '[jobId+fileIndex+start]',
      chunks: '[jobId+fileIndex+offset]',
    },
  },
];

export const LATEST_SCHEMA_VERSION = SCHEMA_VERSIONS.at(-1)?.version ?? 1;

/** Declares the given versions on a Dexie instance, in order. */
export function applySchemaVersions(db: Dexie, versions: readonly SchemaVersion[]): void {
  for (const { version, stores, upgrade } of versions) {
    const declared = db.version(version).stores(stores);
    if (upgrade) declared.upgrade(upgrade);
  }
}

export interface WebBitsDbOptions {
  /** Defaults to DB_NAME; tests use a fresh name each. */
  name?: string;
  /** Defaults to the global indexedDB; Node tests pass fake-indexeddb's. */
  indexedDB?: IDBFactory;
  IDBKeyRange?: typeof IDBKeyRange;
}

export class WebBitsDb extends Dexie {
  // `declare`: Dexie defines these in version().stores(); a class field would overwrite them.
  declare jobs: Table<JobRecord, JobKey>;
  declare files: Table<FileRecord, FileKey>;
  declare segments: Table<SegmentRecord, SegmentKey>;
  declare chunks: Table<ChunkRecord, ChunkKey>;
  /** The IDBKeyRange of the IndexedDB this database lives in, for writes made without Dexie. */
  readonly keyRange: typeof IDBKeyRange;

  constructor(options: WebBitsDbOptions = {}) {
    const dependencies: { indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange } = {};
    if (options.indexedDB) dependencies.indexedDB = options.indexedDB;
    if (options.IDBKeyRange) dependencies.IDBKeyRange = options.IDBKeyRange;
    super(options.name ?? DB_NAME, {
      ...dependencies,
      // A commit counts once the OS has the bytes: a browser crash keeps them, and a power loss
      // costs at most a re-fetch of the last chunks, which the transfer does anyway. Strict
      // flushing would make every 1 MiB chunk wait for the disk.
      chromeTransactionDurability: 'relaxed',
      // Nothing here uses live queries, and the chunk table must not be mirrored in memory.
      cache: 'disabled',
    });
    applySchemaVersions(this, SCHEMA_VERSIONS);
    this.keyRange = options.IDBKeyRange ?? globalThis.IDBKeyRange;
  }
}
