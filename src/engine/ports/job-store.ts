/**
 * Where the records and the downloaded bytes are kept (src/store/ implements it).
 */
import type { ChunkRecord, FileRecord, JobRecord, LoadedState, SegmentRecord } from './records';

/**
 * Persistent storage. Every method is atomic. Implemented over Dexie (src/store/dexie-store.ts)
 * and in memory (src/store/memory-store.ts); both pass one contract suite.
 * A `QuotaExceededError` from storage is thrown as a DOMException named 'QuotaExceededError'
 * and leaves what was stored before intact.
 */
export interface JobStore {
  /** Everything but chunk data, for recovery at start. */
  loadAll(): Promise<LoadedState>;
  putJob(job: JobRecord): Promise<void>;
  /** A new job or added files: the job and the given files in one transaction. */
  putJobAndFiles(job: JobRecord, files: FileRecord[]): Promise<void>;
  putFile(file: FileRecord): Promise<void>;
  /**
   * A file's record and the whole segment set of that file, in one transaction: a probed file's
   * facts never land without its plan, and each small file of a job costs one write, not two.
   */
  putFileAndSegments(file: FileRecord, segments: SegmentRecord[]): Promise<void>;
  /**
   * A file's record (a saved file's path) and the drop of its chunks and segments, in one
   * transaction: the path is never recorded while the bytes stay, nor the bytes dropped unrecorded.
   */
  putFileAndDropData(file: FileRecord): Promise<void>;
  getFiles(jobId: string): Promise<FileRecord[]>;
  getSegments(jobId: string, fileIndex: number): Promise<SegmentRecord[]>;
  /** Replaces the whole segment set of one file (plan, restart, split). */
  replaceSegments(jobId: string, fileIndex: number, segments: SegmentRecord[]): Promise<void>;
  /**
   * Stores one chunk and moves its segment's `pos` to `chunk.offset + size`, in one transaction.
   * Only `pos` of the stored segment changes (a concurrent split's `end` is kept).
   */
  appendChunk(chunk: ChunkRecord, segmentStart: number): Promise<void>;
  /**
   * Dynamic split: the segment starting at `segmentStart` gets `end = at`, and a new segment
   * [at, oldEnd) with pos = at is added, in one transaction. Its `pos` is kept as stored.
   */
  splitSegment(jobId: string, fileIndex: number, segmentStart: number, at: number): Promise<void>;
  /** The file's chunks, ordered by offset. */
  getChunks(jobId: string, fileIndex: number): Promise<ChunkRecord[]>;
  /** Drops one file's chunks and segments (restart from 0, file saved, sha256 mismatch). */
  deleteFileData(jobId: string, fileIndex: number): Promise<void>;
  /** Drops the job, its files, segments and chunks. */
  deleteJob(jobId: string): Promise<void>;
  /** How many chunk records exist (all jobs, or one job): tests and the soak check use it. */
  countChunks(jobId?: string): Promise<number>;
}
