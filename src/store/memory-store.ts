/**
 * JobStore in memory, with the Dexie store's semantics: tests of the engine run on it, and the
 * contract suite holds both to the same behaviour. Records are copied in and out, so no caller
 * can change stored state by mutating an object it passed or received.
 */
import type {
  ChunkData,
  ChunkRecord,
  FileRecord,
  JobRecord,
  JobStore,
  LoadedState,
  SegmentRecord,
} from '../engine/ports';
import { chunkSize, toStoredChunkData } from './chunk-data';
import { assertSegmentsOfFile, assertSplitPoint } from './segment-rules';
import { MissingSegmentError, quotaExceeded } from './store-errors';

export interface MemoryJobStoreOptions {
  /** Total chunk bytes allowed; appendChunk past it throws a DOMException 'QuotaExceededError'. */
  quotaBytes?: number;
}

/** Keys compare like IndexedDB's array keys: jobId, then the numbers. */
type Key = readonly (string | number)[];

function compareKeys(a: Key, b: Key): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

/** A table ordered by a compound key, like an IndexedDB object store. */
class OrderedTable<T> {
  private readonly rows = new Map<string, { key: Key; value: T }>();

  constructor(private readonly keyOf: (value: T) => Key) {}

  get(key: Key): T | undefined {
    return this.rows.get(JSON.stringify(key))?.value;
  }

  put(value: T): void {
    const key = this.keyOf(value);
    this.rows.set(JSON.stringify(key), { key, value });
  }

  /** Values whose key starts with `prefix`, in key order. */
  withPrefix(prefix: Key): T[] {
    return [...this.rows.values()]
      .filter(({ key }) => prefix.every((part, i) => key[i] === part))
      .sort((a, b) => compareKeys(a.key, b.key))
      .map(({ value }) => value);
  }

  /** Deletes the values whose key starts with `prefix` and returns them. */
  deletePrefix(prefix: Key): T[] {
    const deleted: T[] = [];
    for (const [id, { key, value }] of this.rows) {
      if (!prefix.every((part, i) => key[i] === part)) continue;
      this.rows.delete(id);
      deleted.push(value);
    }
    return deleted;
  }

  get size(): number {
    return this.rows.size;
  }
}

/** A new record around the same data: stored chunk data is a Blob, which nobody can change. */
function chunkRecord(chunk: ChunkRecord, data: ChunkData): ChunkRecord {
  return { jobId: chunk.jobId, fileIndex: chunk.fileIndex, offset: chunk.offset, data };
}

export class MemoryJobStore implements JobStore {
  private readonly jobs = new OrderedTable<JobRecord>((j) => [j.id]);
  private readonly files = new OrderedTable<FileRecord>((f) => [f.jobId, f.index]);
  private readonly segments = new OrderedTable<SegmentRecord>((s) => [s.jobId, s.fileIndex, s.start]);
  private readonly chunks = new OrderedTable<ChunkRecord>((c) => [c.jobId, c.fileIndex, c.offset]);
  private readonly quotaBytes: number;
  private chunkBytes = 0;

  constructor(options: MemoryJobStoreOptions = {}) {
    this.quotaBytes = options.quotaBytes ?? Infinity;
  }

  async loadAll(): Promise<LoadedState> {
    return structuredClone({
      jobs: this.jobs.withPrefix([]),
      files: this.files.withPrefix([]),
      segments: this.segments.withPrefix([]),
    });
  }

  async putJob(job: JobRecord): Promise<void> {
    this.jobs.put(structuredClone(job));
  }

  async putJobAndFiles(job: JobRecord, files: FileRecord[]): Promise<void> {
    // Cloned first: a record that cannot be cloned fails the call before anything is stored.
    const [jobCopy, fileCopies] = structuredClone([job, files] as const);
    this.jobs.put(jobCopy);
    for (const file of fileCopies) this.files.put(file);
  }

  async putFile(file: FileRecord): Promise<void> {
    this.files.put(structuredClone(file));
  }

  // Each of these changes both records before its first await: nothing can see one without the other.
  async putFileAndSegments(file: FileRecord, segments: SegmentRecord[]): Promise<void> {
    assertSegmentsOfFile(file.jobId, file.index, segments);
    this.files.put(structuredClone(file));
    await this.replaceSegments(file.jobId, file.index, segments);
  }

  async putFileAndDropData(file: FileRecord): Promise<void> {
    this.files.put(structuredClone(file));
    await this.deleteFileData(file.jobId, file.index);
  }

  async getFiles(jobId: string): Promise<FileRecord[]> {
    return structuredClone(this.files.withPrefix([jobId]));
  }

  async getSegments(jobId: string, fileIndex: number): Promise<SegmentRecord[]> {
    return structuredClone(this.segments.withPrefix([jobId, fileIndex]));
  }

  async replaceSegments(jobId: string, fileIndex: number, segments: SegmentRecord[]): Promise<void> {
    assertSegmentsOfFile(jobId, fileIndex, segments);
    const copies = structuredClone(segments);
    this.segments.deletePrefix([jobId, fileIndex]);
    for (const segment of copies) this.segments.put(segment);
  }

  /** Drops one file's chunk records, keeping its segments (move-chunks.ts). */
  async deleteChunks(jobId: string, fileIndex: number): Promise<void> {
    for (const chunk of this.chunks.deletePrefix([jobId, fileIndex]))
      this.chunkBytes -= chunkSize(chunk.data);
  }

  /** SegmentProgress (backing-file-store.ts): only `pos` of the stored segment changes. */
  async advanceSegment(jobId: string, fileIndex: number, segmentStart: number, pos: number): Promise<void> {
    const segment = this.segments.get([jobId, fileIndex, segmentStart]);
    if (!segment) throw new MissingSegmentError(jobId, fileIndex, segmentStart);
    segment.pos = pos;
  }

  async appendChunk(chunk: ChunkRecord, segmentStart: number): Promise<void> {
    // Kept as a Blob, as the browser keeps it: one copy in, none out (readers share it safely).
    const stored = chunkRecord(chunk, await toStoredChunkData(chunk.data, true));
    const segment = this.segments.get([chunk.jobId, chunk.fileIndex, segmentStart]);
    if (!segment) throw new MissingSegmentError(chunk.jobId, chunk.fileIndex, segmentStart);
    const replaced = this.chunks.get([chunk.jobId, chunk.fileIndex, chunk.offset]);
    const size = chunkSize(stored.data);
    const bytesAfter = this.chunkBytes - (replaced ? chunkSize(replaced.data) : 0) + size;
    // Checked before any change, so a full store keeps everything it held.
    if (bytesAfter > this.quotaBytes) throw quotaExceeded();
    this.chunks.put(stored);
    this.chunkBytes = bytesAfter;
    segment.pos = chunk.offset + size;
  }

  async splitSegment(jobId: string, fileIndex: number, segmentStart: number, at: number): Promise<void> {
    const segment = this.segments.get([jobId, fileIndex, segmentStart]);
    if (!segment) throw new MissingSegmentError(jobId, fileIndex, segmentStart);
    assertSplitPoint(segment, at);
    this.segments.put({ jobId, fileIndex, start: at, end: segment.end, pos: at });
    segment.end = at;
  }

  async getChunks(jobId: string, fileIndex: number): Promise<ChunkRecord[]> {
    return this.chunks.withPrefix([jobId, fileIndex]).map((chunk) => chunkRecord(chunk, chunk.data));
  }

  async deleteFileData(jobId: string, fileIndex: number): Promise<void> {
    this.dropChunks([jobId, fileIndex]);
    this.segments.deletePrefix([jobId, fileIndex]);
  }

  async deleteJob(jobId: string): Promise<void> {
    this.dropChunks([jobId]);
    this.segments.deletePrefix([jobId]);
    this.files.deletePrefix([jobId]);
    this.jobs.deletePrefix([jobId]);
  }

  async countChunks(jobId?: string): Promise<number> {
    return jobId === undefined ? this.chunks.size : this.chunks.withPrefix([jobId]).length;
  }

  private dropChunks(prefix: Key): void {
    for (const chunk of this.chunks.deletePrefix(prefix)) this.chunkBytes -= chunkSize(chunk.data);
  }
}
