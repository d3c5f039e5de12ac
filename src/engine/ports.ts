/**
 * Everything the engine needs from the outside world, in one file (the tus-js-client way).
 * The extension passes browser implementations; Node tests pass real fetch against the test
 * server, a memory or Dexie store, and a hand-driven clock where they need one.
 */
import type { WebSocketConstructor } from './aria2/ws-transport';
import type {
  Aria2Link,
  JobError,
  JobInfo,
  JobInit,
  JobState,
  JobType,
  FileSpec,
  UploadDataRef,
  Owner,
  Priority,
  Settings,
  TransferPolicy,
  WmpInfo,
} from './types';

/** The subset of `fetch` the engine uses; redirects are followed. */
export type FetchPort = (url: string, init: RequestInit & { signal: AbortSignal }) => Promise<Response>;

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export type TimerHandle = unknown;
export interface Timers {
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export interface RandomPort {
  /** An RFC 4122 v4 UUID. */
  uuid(): string;
  /** A random non-zero signed 32-bit integer (collection ids). */
  int32(): number;
}

// ---------------------------------------------------------------------------------------------
// Persistent records. JobInfo is derived from these; nothing in JobInfo is stored twice.

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

/** Optional hooks the host (the service worker) uses to stay alive and to wake up later. */
export interface HostHooks {
  /** Called with true when transfers start and false when none runs: keep-alive, power, badge. */
  onActiveChange?(active: boolean): void;
  /** The engine wants to run again at `at` (ms) even if the process dies: an alarm. null clears it. */
  onWakeAt?(at: number | null): void;
  /**
   * (+) Called with true while downloads handed to aria2 run (QUEUED or TRANSFERRING) and are read
   * from here, false when none does: the host stays up to follow them, without keeping the system
   * awake (aria2 does the work).
   */
  onFollowingChange?(following: boolean): void;
}

/**
 * (+) Whether the connection is metered (job-model.md, "Scheduling"): in the browser,
 * `navigator.connection.saveData` or `type === 'cellular'` in the engine host's context.
 */
export interface NetworkCostPort {
  isMetered(): boolean;
  /** Calls `listener` whenever the answer may have changed; returns the unsubscribe. */
  onChange(listener: () => void): () => void;
}

export interface EnginePorts extends HostHooks {
  fetch: FetchPort;
  /** Absent: never metered. */
  network?: NetworkCostPort;
  clock: Clock;
  timers: Timers;
  random: RandomPort;
  store: JobStore;
  saver: FileSaver;
  /** For aria2 at a ws:/wss: address (hand-off); without it only http(s) addresses work. */
  WebSocket?: WebSocketConstructor;
  /** Upload jobs' data and replies; without it, creating an upload job fails. */
  uploads?: UploadStore;
}

/** Timing knobs. Production uses the defaults; tests shorten them instead of sleeping. */
export interface EngineTuning {
  /** A connection that receives nothing this long is aborted (30 s). */
  stallTimeoutMs: number;
  /** Per-connection back-off inside one attempt (1 s, 2 s, 4 s), reset after progress. */
  connectionRetryDelaysMs: readonly number[];
  /** Round-robin time slice within one background priority (60 s). */
  timeSliceMs: number;
  /** Chunk size written to storage (1 MiB). */
  chunkBytes: number;
  /** Smallest piece a dynamic split leaves on either side (1 MiB). */
  minSplitBytes: number;
  /** Progress events per job at most this often (500 ms). */
  progressIntervalMs: number;
  /** Files of one job transferred side by side, started in index order (4). */
  filesAtOnce: number;
  /** Files of one job handed to the FileSaver side by side by complete() (4). */
  savesAtOnce: number;
  /**
   * Whether a near, fast server's chunks may be taken whole as Blobs (request-shape.ts). Worth it
   * only where chunks are stored as IndexedDB Blobs; backing files want the bytes themselves.
   */
  wholeChunkBlobs: boolean;
  /** How often a download handed to aria2 is read while it runs (1 s, the most the spec allows). */
  aria2PollMs: number;
  /** An upload's fragments are at most this long (job-model.md `uploadFragmentBytes`, 1 MiB). */
  uploadFragmentBytes: number;
  /**
   * An upload's record is written when the server has acknowledged this many bytes more than it
   * says (and at the last byte): a record per 1 MiB Ack cost Chromium a third of the upload's
   * speed. A run that starts in a session asks the server where it is first (upload-transfer.ts).
   */
  uploadRecordBytes: number;
}

/** Which jobs a caller may see: one owner, or every job (`'*'`, the popup). */
export type OwnerScope = Owner | '*';

export type JobChangeKind = 'created' | 'state' | 'progress' | 'removed';
export type JobChangeListener = (info: JobInfo, kind: JobChangeKind) => void;

/**
 * The engine's face, used by the background, the page bridge and the tests. Every method that
 * takes a scope throws BG_E_NOT_FOUND for a job outside it, exactly as if it did not exist.
 * Methods throw BitsError (name = BITS code) or TypeError (message names the field).
 */
export interface JobManager {
  /** Loads the store and recovers: leases released, runnable jobs re-queued, timers re-armed. */
  start(): Promise<void>;
  /** Stops every transfer, keeping every byte stored. */
  stop(): Promise<void>;
  createJob(owner: Owner, init: JobInit, options?: { collectionId?: number | null }): Promise<JobInfo>;
  addFiles(scope: OwnerScope, id: string, files: FileSpec[]): Promise<JobInfo>;
  resume(scope: OwnerScope, id: string): Promise<JobInfo>;
  suspend(scope: OwnerScope, id: string): Promise<JobInfo>;
  cancel(scope: OwnerScope, id: string): Promise<JobInfo>;
  /** Resolves once the files are saved (or saving failed: then the job carries the error). */
  complete(scope: OwnerScope, id: string): Promise<JobInfo>;
  setPriority(scope: OwnerScope, id: string, priority: Priority): Promise<JobInfo>;
  /**
   * (+) BITS SetRemoteName: file `fileIndex` is fetched from `url` from now on, keeping its stored
   * bytes when the new URL serves the same file. A running job goes on with the new URL.
   */
  setFileUrl(scope: OwnerScope, id: string, fileIndex: number, url: string): Promise<JobInfo>;
  getJob(scope: OwnerScope, id: string): JobInfo;
  /**
   * An upload-reply job's reply, once TRANSFERRED or later (BITS GetReplyData): E_NOTIMPL for
   * other job types, BG_E_INVALID_STATE before it arrived.
   */
  reply(scope: OwnerScope, id: string): Promise<Uint8Array>;
  /** Newest first, final jobs included. */
  listJobs(scope: OwnerScope): JobInfo[];
  /** Forgets a final job (popup "Remove"). */
  removeJob(scope: OwnerScope, id: string): Promise<void>;
  /** Forgets every final job in scope (popup "Clear finished"); returns how many. */
  clearFinished(scope: OwnerScope): Promise<number>;
  updateSettings(settings: Partial<Settings>): void;
  getSettings(): Settings;
  /**
   * Origins (`scheme://host:port`) the browser does not let WebBITS reach now: jobs that need one
   * wait in ERROR (E_ACCESSDENIED) instead of retrying, and resume once their origins are allowed.
   */
  setBlockedOrigins(origins: readonly string[]): void;
  /**
   * (+) Hands a job owned by "user" to the configured aria2 (job-model.md "Hand-off to aria2").
   * `cookies[i]`: the Cookie header for file i's URL, used for this one addUri call and not kept.
   */
  handOff(scope: OwnerScope, id: string, input: { cookies: ReadonlyArray<string | null> }): Promise<JobInfo>;
  subscribe(listener: JobChangeListener): () => void;
}
