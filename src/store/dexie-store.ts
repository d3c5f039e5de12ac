/**
 * JobStore over IndexedDB (Dexie). Every method is one transaction; a transaction that fails
 * leaves nothing of itself behind, which is what keeps stored bytes intact on a full disk.
 */
import type { Collection, Table } from 'dexie';
import type {
  ChunkRecord,
  FileRecord,
  JobRecord,
  JobStore,
  LoadedState,
  SegmentRecord,
} from '../engine/ports';
import { chunkSize, toStoredChunkData } from './chunk-data';
import type { SegmentKey, WebBitsDb } from './db';
import { fileRange, jobRange } from './key-ranges';
import { assertSegmentsOfFile, assertSplitPoint } from './segment-rules';
import { MissingSegmentError, normalizeStorageError } from './store-errors';

export interface DexieJobStoreOptions {
  /**
   * Store chunk data as Blob (true) or as Uint8Array (false). Default: Blob in a browser window
   * or worker, where Chromium keeps each Blob as a file instead of inside the database; bytes
   * elsewhere (Node), where a Blob buys nothing and bytes are cheaper to read back.
   */
  chunkAsBlob?: boolean;
}

/** True in a window or a worker (service worker, offscreen document, Firefox background page). */
export function isBrowserContext(): boolean {
  return typeof window !== 'undefined' || 'WorkerGlobalScope' in globalThis;
}

/** Records of one file, in key order, from a table keyed [jobId, fileIndex, ...]. */
function ofFile<T, K>(table: Table<T, K>, jobId: string, fileIndex: number): Collection<T, K> {
  const [lower, upper] = fileRange(jobId, fileIndex);
  return table.where(':id').between(lower, upper, true, true);
}

/** Records of one job, in key order, from a table keyed [jobId, ...]. */
function ofJob<T, K>(table: Table<T, K>, jobId: string): Collection<T, K> {
  const [lower, upper] = jobRange(jobId);
  return table.where(':id').between(lower, upper, true, true);
}

export class DexieJobStore implements JobStore {
  private readonly chunkAsBlob: boolean;

  constructor(
    private readonly db: WebBitsDb,
    options: DexieJobStoreOptions = {},
  ) {
    this.chunkAsBlob = options.chunkAsBlob ?? isBrowserContext();
  }

  loadAll(): Promise<LoadedState> {
    const { db } = this;
    return this.run(() =>
      db.transaction('r', db.jobs, db.files, db.segments, async () => ({
        jobs: await db.jobs.toArray(),
        files: await db.files.toArray(),
        segments: await db.segments.toArray(),
      })),
    );
  }

  putJob(job: JobRecord): Promise<void> {
    return this.run(async () => {
      await this.db.jobs.put(job);
    });
  }

  putJobAndFiles(job: JobRecord, files: FileRecord[]): Promise<void> {
    const { db } = this;
    return this.run(() =>
      db.transaction('rw', db.jobs, db.files, async () => {
        await db.jobs.put(job);
        await db.files.bulkPut(files);
      }),
    );
  }

  putFile(file: FileRecord): Promise<void> {
    return this.nativeWrite(['files'], (tx) => tx.objectStore('files').put(file));
  }

  putFileAndSegments(file: FileRecord, segments: SegmentRecord[]): Promise<void> {
    return this.nativeWrite(['files', 'segments'], (tx) => {
      this.writeSegments(tx, file.jobId, file.index, segments);
      tx.objectStore('files').put(file);
    });
  }

  putFileAndDropData(file: FileRecord): Promise<void> {
    return this.nativeWrite(['files', 'segments', 'chunks'], (tx) => {
      this.dropFileData(tx, file.jobId, file.index);
      tx.objectStore('files').put(file);
    });
  }

  getFiles(jobId: string): Promise<FileRecord[]> {
    return this.run(() => ofJob(this.db.files, jobId).toArray());
  }

  getSegments(jobId: string, fileIndex: number): Promise<SegmentRecord[]> {
    return this.run(() => ofFile(this.db.segments, jobId, fileIndex).toArray());
  }

  replaceSegments(jobId: string, fileIndex: number, segments: SegmentRecord[]): Promise<void> {
    return this.nativeWrite(['segments'], (tx) => this.writeSegments(tx, jobId, fileIndex, segments));
  }

  /** Drops one file's chunk records, keeping its segments (move-chunks.ts). */
  deleteChunks(jobId: string, fileIndex: number): Promise<void> {
    return this.run(async () => {
      await ofFile(this.db.chunks, jobId, fileIndex).delete();
    });
  }

  /** SegmentProgress (backing-file-store.ts): only `pos` of the stored segment changes. */
  advanceSegment(jobId: string, fileIndex: number, segmentStart: number, pos: number): Promise<void> {
    const key: SegmentKey = [jobId, fileIndex, segmentStart];
    return this.nativeWrite(['segments'], (tx, abort) => {
      const segments = tx.objectStore('segments');
      const read = segments.get(key);
      read.onsuccess = () => {
        const segment = read.result as SegmentRecord | undefined;
        if (segment) segments.put({ ...segment, pos });
        else abort(new MissingSegmentError(jobId, fileIndex, segmentStart));
      };
    });
  }

  async appendChunk(chunk: ChunkRecord, segmentStart: number): Promise<void> {
    // Converted before the transaction: awaiting anything but IndexedDB inside one commits it.
    const data = await toStoredChunkData(chunk.data, this.chunkAsBlob);
    const record: ChunkRecord = {
      jobId: chunk.jobId,
      fileIndex: chunk.fileIndex,
      offset: chunk.offset,
      data,
    };
    const key: SegmentKey = [chunk.jobId, chunk.fileIndex, segmentStart];
    const pos = chunk.offset + chunkSize(data);
    const { db } = this;
    await this.run(() =>
      db.transaction('rw', db.chunks, db.segments, async () => {
        // update() changes only `pos` of the record as stored now, so an `end` set by a split
        // in between survives (a put of the caller's copy would undo it).
        const updated = await db.segments.update(key, { pos });
        if (updated === 0) throw new MissingSegmentError(chunk.jobId, chunk.fileIndex, segmentStart);
        await db.chunks.put(record);
      }),
    );
  }

  splitSegment(jobId: string, fileIndex: number, segmentStart: number, at: number): Promise<void> {
    const { db } = this;
    return this.run(() =>
      db.transaction('rw', db.segments, async () => {
        const segment = await db.segments.get([jobId, fileIndex, segmentStart]);
        if (!segment) throw new MissingSegmentError(jobId, fileIndex, segmentStart);
        assertSplitPoint(segment, at);
        await db.segments.update([jobId, fileIndex, segmentStart], { end: at });
        await db.segments.add({ jobId, fileIndex, start: at, end: segment.end, pos: at });
      }),
    );
  }

  getChunks(jobId: string, fileIndex: number): Promise<ChunkRecord[]> {
    return this.run(() => ofFile(this.db.chunks, jobId, fileIndex).toArray());
  }

  deleteFileData(jobId: string, fileIndex: number): Promise<void> {
    return this.nativeWrite(['chunks', 'segments'], (tx) => this.dropFileData(tx, jobId, fileIndex));
  }

  deleteJob(jobId: string): Promise<void> {
    const { db } = this;
    return this.run(() =>
      db.transaction('rw', [db.jobs, db.files, db.segments, db.chunks], async () => {
        await ofJob(db.chunks, jobId).delete();
        await ofJob(db.segments, jobId).delete();
        await ofJob(db.files, jobId).delete();
        await db.jobs.delete(jobId);
      }),
    );
  }

  countChunks(jobId?: string): Promise<number> {
    return this.run(() =>
      jobId === undefined ? this.db.chunks.count() : ofJob(this.db.chunks, jobId).count(),
    );
  }

  /** Every record of one file, as a native key range. */
  private fileKeys(jobId: string, fileIndex: number): IDBKeyRange {
    const [lower, upper] = fileRange(jobId, fileIndex);
    return this.db.keyRange.bound(lower, upper);
  }

  /** The file's whole segment set replaced by `segments` (which must all be of that file). */
  private writeSegments(
    tx: IDBTransaction,
    jobId: string,
    fileIndex: number,
    segments: SegmentRecord[],
  ): void {
    assertSegmentsOfFile(jobId, fileIndex, segments);
    const stored = tx.objectStore('segments');
    stored.delete(this.fileKeys(jobId, fileIndex));
    for (const segment of segments) stored.add(segment);
  }

  /** The file's chunks and segments deleted. */
  private dropFileData(tx: IDBTransaction, jobId: string, fileIndex: number): void {
    const keys = this.fileKeys(jobId, fileIndex);
    tx.objectStore('chunks').delete(keys);
    tx.objectStore('segments').delete(keys);
  }

  /**
   * One readwrite transaction straight on IndexedDB, for the writes a job makes once per chunk or
   * once per file (hundreds for a job of small files) and the others that share their steps: Dexie's range delete counts the records
   * before it deletes them, and its promise machinery made about half of the engine host's
   * garbage per MiB (docs/performance.md). `issue` makes the requests; `abort` ends the
   * transaction with nothing of it stored and the given error.
   */
  private nativeWrite(
    stores: string[],
    issue: (tx: IDBTransaction, abort: (reason: Error) => void) => void,
  ): Promise<void> {
    return this.run(async () => {
      if (!this.db.isOpen()) await this.db.open();
      const tx = this.db.backendDB().transaction(stores, 'readwrite', { durability: 'relaxed' });
      let reason: Error | null = null;
      const abort = (error: Error) => {
        reason = error;
        tx.abort();
      };
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onabort = () => reject(reason ?? tx.error ?? new Error('The transaction was aborted.'));
        try {
          issue(tx, abort);
        } catch (error) {
          abort(error instanceof Error ? error : new Error(String(error)));
        }
      });
    });
  }

  private async run<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw normalizeStorageError(error);
    }
  }
}
