/**
 * The job model as pages, the popup and tests see it (../shared/spec/job-model.md).
 * These names are a contract: checks outside the repository use them as they are.
 */

export const JOB_STATES = [
  'SUSPENDED',
  'QUEUED',
  'CONNECTING',
  'TRANSFERRING',
  'TRANSIENT_ERROR',
  'ERROR',
  'TRANSFERRED',
  'ACKNOWLEDGED',
  'CANCELLED',
] as const;
export type JobState = (typeof JOB_STATES)[number];

/** Highest first: the order the scheduler serves them in. */
export const PRIORITIES = ['foreground', 'high', 'normal', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** `"user"` for jobs made from the popup or the context menu, else the page's origin. */
export type Owner = string;
export const USER_OWNER = 'user';

/** What a job moves: a download, or (+) an upload over the BITS Upload Protocol (job-model.md "Uploads"). */
export const JOB_TYPES = ['download', 'upload', 'upload-reply'] as const;
export type JobType = (typeof JOB_TYPES)[number];
export const isUploadType = (type: JobType): boolean => type !== 'download';

export type ErrorContext = 'remote-file' | 'local-file' | 'transport' | 'queue-manager' | 'unknown';

export interface JobError {
  /** BITS name: 'BG_E_HTTP_ERROR_404', 'BG_E_NETWORK_DISCONNECTED', ... */
  code: string;
  /** BITS value: 0x80190000 + status for HTTP errors, else the BG_E_ value. */
  hresult: number;
  context: ErrorContext;
  /** A sentence a person understands, naming the file and the cause. */
  message: string;
  fileIndex: number | null;
  httpStatus: number | null;
}

export interface WmpInfo {
  kind: 'job' | 'status';
  serviceId: number;
  provider: string;
  albumArtist: string;
  albumTitle: string;
  trackNumber: number | null;
  title: string;
  duration: number | null;
  rating: number | null;
}

export interface FileInfo {
  url: string;
  name: string | null;
  localPath: string | null;
  bytesTotal: number | null;
  bytesTransferred: number;
  completed: boolean;
  /**
   * (+) Other URLs of the same bytes, tried in order (job-model.md, "Mirrors"). The engine always
   * sets it (`[]` without mirrors); optional here only so that hand-made fixtures stay short.
   */
  mirrors?: string[];
  /**
   * (+) What the person should know about this file's links: a mirror skipped for its size, a new
   * link that serves another file (the file started again from 0). Absent when there is nothing.
   */
  notices?: string[];
}

/** (+) BITS cost policy: `unmetered` jobs wait while the connection is metered. */
export const TRANSFER_POLICIES = ['always', 'unmetered'] as const;
export type TransferPolicy = (typeof TRANSFER_POLICIES)[number];

export interface JobProgress {
  /** null until every file's size is known. */
  bytesTotal: number | null;
  bytesTransferred: number;
  filesTotal: number;
  filesTransferred: number;
}

export interface JobInfo {
  id: string;
  owner: Owner;
  type: JobType;
  displayName: string;
  description: string;
  priority: Priority;
  state: JobState;
  progress: JobProgress;
  files: FileInfo[];
  /** (+) Default 'always'. Always set by the engine; optional for hand-made fixtures. */
  transferPolicy?: TransferPolicy;
  error: JobError | null;
  /** Seconds, default 600, at least 5. */
  minimumRetryDelay: number;
  /** Seconds, default 1209600 (14 days); 0 = every error is fatal. */
  noProgressTimeout: number;
  autoComplete: boolean;
  times: { created: number; modified: number; transferCompleted: number | null };
  wmp: WmpInfo | null;
  collectionId: number | null;
  /**
   * The Referer the job's requests carry: only on jobs owned by "user" that came from a page (the
   * context menu, the picker, a taken-over download). Absent otherwise.
   */
  referrer?: string;
  /**
   * (+) Set once the job was handed to an aria2 daemon (job-model.md "Hand-off to aria2"): its
   * state, progress and file follow aria2's download `gid` at `address`. Absent otherwise.
   */
  aria2?: Aria2Link;
}

/** Where a handed-off job's download lives: the RPC address it was sent to and aria2's gid. */
export interface Aria2Link {
  address: string;
  gid: string;
}

/** One file a caller asks for (page API `JobInit.files[i]`). */
export interface FileSpec {
  url: string;
  /** A plain file name, no folders. */
  name?: string;
  /** Lower-case hex sha256 the assembled bytes must have. */
  sha256?: string;
  /** (+) Up to 8 other http(s) URLs of the same bytes. */
  mirrors?: string[];
}

/**
 * An upload's data as the engine receives it: a reference to a copy already staged in WebBITS's
 * own storage (the engine host's `staged/<id>`, src/shared/staged-blob.ts), never the bytes.
 * `UploadStore.adopt` takes it over as the job's stored copy.
 */
export interface UploadDataRef {
  staged: string;
  size: number;
  /** The Blob's media type ('' when it has none). */
  type: string;
}

/** The one file of an upload job (page API `files: [{ url, data }]`). */
export interface UploadFileSpec {
  url: string;
  data: UploadDataRef;
}

/** What `createJob` takes (page-api.md `JobInit`). */
export interface JobInit {
  displayName: string;
  description?: string;
  priority?: Priority;
  /** Default 'download'. Uploads take exactly one UploadFileSpec. */
  type?: JobType;
  files: (FileSpec | UploadFileSpec)[];
  /** (+) Default 'always'. */
  transferPolicy?: TransferPolicy;
  headers?: Record<string, string>;
  minimumRetryDelay?: number;
  noProgressTimeout?: number;
  autoComplete?: boolean;
  /**
   * The page the link came from, sent as `Referer` (job-model.md, "Credentials"). Only for jobs
   * owned by "user": the engine refuses it from a page (Referer is a forbidden page header).
   */
  referrer?: string;
}

/** The options page's settings (ui.md); they apply at once, to running jobs too. */
export interface Settings {
  /** 1..16, default 4. */
  connectionsPerFile: number;
  /** 1..6, default 2. */
  backgroundJobs: number;
  /** KB/s for background jobs only; null = unlimited. */
  backgroundBandwidthLimit: number | null;
  /** A folder relative to Downloads; '' = Downloads itself. */
  downloadFolder: string;
  /** Seconds; the retry delay given to jobs owned by "user" (default 60). */
  userRetryDelay: number;
  /** (+) Background jobs owned by "user" wait while the connection is metered (default off). */
  pauseBackgroundOnMetered: boolean;
  /** (+) "aria2 RPC address": http(s):// or ws(s)://; '' = no hand-off. */
  aria2Address: string;
  /** (+) "aria2 secret": sent as `token:<secret>`, only to `aria2Address`. */
  aria2Secret: string;
}

export const DEFAULT_SETTINGS: Settings = {
  connectionsPerFile: 4,
  backgroundJobs: 2,
  backgroundBandwidthLimit: null,
  downloadFolder: '',
  userRetryDelay: 60,
  pauseBackgroundOnMetered: false,
  aria2Address: '',
  aria2Secret: '',
};

export const FINAL_STATES: readonly JobState[] = ['ACKNOWLEDGED', 'CANCELLED'];
export const isFinal = (state: JobState): boolean => FINAL_STATES.includes(state);
