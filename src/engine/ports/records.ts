/**
 * The persistent records. JobInfo is derived from these; nothing in JobInfo is stored twice.
 */
import type {
  Aria2Link,
  JobError,
  JobState,
  JobType,
  Owner,
  Priority,
  TransferPolicy,
  WmpInfo,
} from '../types';

/**
 * Where an upload stands with its server (job-model.md "Uploads"), kept in the job's record so
 * that the session survives a worker stop or a browser restart.
 */
export interface UploadState {
  /** The open session's BITS-Session-Id; null before Create-Session or once it was lost or ended. */
  sessionId: string | null;
  /** BITS-Host-Id of the session: later packets go to this server instead of the URL's. */
  hostId: string | null;
  /** BITS-Host-Id-Fallback-Timeout in ms: how long the host id may fail before the URL's host is used. */
  hostIdFallbackMs: number | null;
  /** When packets to `hostId` first failed to connect (null while they get through). */
  hostIdFailingSince: number | null;
  /** What the server acknowledged (BITS-Received-Content-Range): the next fragment starts here. */
  acknowledged: number;
  /** The data's size and media type. */
  size: number;
  contentType: string;
  /** upload-reply: the last Ack's BITS-Reply-URL (null: the server gave none). */
  replyUrl: string | null;
  /** upload-reply: bytes of the stored reply, once fetched. */
  replyBytes: number | null;
  /** Close-Session was acknowledged: nothing more is sent for this job. */
  closed: boolean;
}

export interface JobRecord {
  id: string;
  owner: Owner;
  type: JobType;
  displayName: string;
  description: string;
  priority: Priority;
  state: JobState;
  error: JobError | null;
  minimumRetryDelay: number;
  noProgressTimeout: number;
  autoComplete: boolean;
  created: number;
  modified: number;
  transferCompleted: number | null;
  wmp: WmpInfo | null;
  collectionId: number | null;
  /** Extra request headers from the page (validated at creation). */
  headers: Record<string, string>;
  /**
   * The page a "user" job's link came from, sent as `Referer` (the background sets it, platform
   * notes "Network"); null for every other job. Records stored before it existed read as null.
   */
  referrer: string | null;
  /** (+) Records stored before it existed read as 'always'. */
  transferPolicy?: TransferPolicy;
  /** (+) Handed to aria2: its download follows this gid (job-model.md); null otherwise. */
  aria2: Aria2Link | null;
  fileCount: number;
  /** Strictly increasing creation number: ties in scheduling go to the older job. */
  seq: number;
  /** When the job last entered QUEUED: round robin within a priority serves the longest waiting. */
  queuedAt: number;
  /** When the current run of transient errors began (noProgressTimeout counts from here). */
  firstTransientErrorAt: number | null;
  /** When TRANSIENT_ERROR turns back into QUEUED. */
  retryAt: number | null;
  /** Upload jobs only; absent on downloads (and on records stored before uploads existed). */
  upload?: UploadState | null;
}

export interface FileRecord {
  jobId: string;
  index: number;
  url: string;
  /** The name the caller gave, if any. */
  name: string | null;
  sha256: string | null;
  bytesTotal: number | null;
  completed: boolean;
  /** Where the saved file landed, relative to Downloads, once the browser reported it complete. */
  localPath: string | null;
  // Learned by the probe; null until then.
  finalUrl: string | null;
  etag: string | null;
  lastModified: string | null;
  contentType: string | null;
  contentDisposition: string | null;
  /** false: the server ignores ranges or gives no size, so the file restarts from 0 after a break. */
  resumable: boolean | null;
  /** (+) Other URLs of the same bytes, in order; absent in records stored before mirrors. */
  mirrors?: string[];
  /**
   * (+) The URL was changed (setFileUrl) and has not answered yet: its first answer must show the
   * stored size (and the stored strong ETag where both carry one), else the file starts again.
   */
  urlChanged?: boolean;
  /** (+) Sentences for the popup about this file's links (skipped mirrors, a restart). */
  notices?: string[];
}

/**
 * A byte range of a file, leased to at most one connection at a time.
 * Bytes [start, pos) are stored as chunks; [pos, end) are still to fetch.
 * `end` is exclusive; null while the size is unknown (single stream to EOF).
 */
export interface SegmentRecord {
  jobId: string;
  fileIndex: number;
  start: number;
  end: number | null;
  pos: number;
}

/**
 * Chunk data: a Blob in the browser (IndexedDB keeps it as a file), bytes in Node. What a
 * connection hands to appendChunk may also be views of the buffer it keeps for all its chunks
 * (chunk-buffer.ts), so that a store writing in place copies nothing on the way
 * (src/store/backing-file-store.ts). Those views are reused by the next chunk: a store writes or
 * copies them before its appendChunk resolves, and never keeps them.
 */
export type ChunkData = Blob | Uint8Array | readonly Uint8Array[];

export interface ChunkRecord {
  jobId: string;
  fileIndex: number;
  /** Byte offset of the chunk in its file. */
  offset: number;
  /** At most 1 MiB. Never indexed. */
  data: ChunkData;
}

export interface LoadedState {
  jobs: JobRecord[];
  files: FileRecord[];
  segments: SegmentRecord[];
}
