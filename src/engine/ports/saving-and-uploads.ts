/**
 * The files' ways out of the engine and in: the saver that writes a finished download through the
 * browser, and the store of upload jobs' data and replies.
 */
import type { UploadDataRef } from '../types';

/** What the saver needs to write one finished file through the browser's downloads API. */
export interface SaveRequest {
  jobId: string;
  fileIndex: number;
  /** Relative to Downloads, '/'-separated, every component already made safe. */
  path: string;
  bytesTotal: number;
  contentType: string | null;
}

/**
 * Saves a finished file to disk (files-on-disk.md). Resolves with the path actually used (after
 * the browser's uniquify) once the browser reports the download complete; rejects if it was
 * interrupted. It reads the chunks from the store itself.
 */
export interface FileSaver {
  save(request: SaveRequest): Promise<{ localPath: string }>;
}

/** An upload job's stored data, read a fragment at a time. */
export interface UploadSource {
  readonly size: number;
  /** Bytes [offset, offset + length): a Blob slice (no copy) or bytes, ready to be a request body. */
  read(offset: number, length: number): Promise<Blob | Uint8Array>;
  close(): Promise<void>;
}

/**
 * Where upload jobs keep their data and their replies: backing files in the engine host
 * (src/engine-host/upload-files.ts), memory in Node tests. The stored copy is deleted when the job
 * is final; the reply stays until the job is forgotten.
 */
export interface UploadStore {
  /**
   * Takes the staged data over as the job's stored copy. Throws a TypeError naming `field` when
   * there is no such staged data or its size is not `data.size`.
   */
  adopt(jobId: string, data: UploadDataRef, field: string): Promise<void>;
  open(jobId: string): Promise<UploadSource>;
  putReply(jobId: string, reply: Uint8Array): Promise<void>;
  /** null when none is stored. */
  getReply(jobId: string): Promise<Uint8Array | null>;
  /** Drops the stored copy of the data (the reply stays). */
  deleteData(jobId: string): Promise<void>;
  /** Drops the data and the reply. */
  deleteAll(jobId: string): Promise<void>;
  /** Drops staged data nobody will take over (a refused createJob). */
  discardStaged(staged: string): Promise<void>;
}
