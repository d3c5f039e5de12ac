/**
 * The boundary between the background (service worker / Firefox background page) and the engine
 * host (a dedicated worker that runs the engine: fetch, backing files, records). Declared once:
 * the background gets a typed client from it (src/background/remote-engine.ts), the host
 * implements it (src/engine-host/serve-engine.ts). Payloads are JSON-safe; each end checks what
 * it receives with the schemas in engine-host-schemas.ts.
 */
import type { JobChangeKind, OwnerScope } from '../engine/ports';
import type { FileSpec, JobInfo, JobInit, Owner, Priority, Settings } from '../engine/types';

/** Where the host keeps bytes this run (platform-notes.md, "Storage"). */
export type StorageMode = 'opfs' | 'chunks' | 'memory';

/** The flush worker where it can share the files (Chromium), else the engine host's own worker. */
export type FlushThread = 'flush worker' | 'engine host';

export interface HostSnapshot {
  jobs: JobInfo[];
  storage: StorageMode;
}

type Scoped = { scope: OwnerScope; id: string };

/** Background → host. Every call answers once the host's engine has started. */
export interface EngineHostApi {
  /** Starts the engine with these settings (or applies them, if it runs) and lists every job. */
  init(input: { settings: Settings }): Promise<HostSnapshot>;
  createJob(input: { owner: Owner; init: JobInit; collectionId: number | null }): Promise<JobInfo>;
  addFiles(input: Scoped & { files: FileSpec[] }): Promise<JobInfo>;
  resume(input: Scoped): Promise<JobInfo>;
  suspend(input: Scoped): Promise<JobInfo>;
  cancel(input: Scoped): Promise<JobInfo>;
  complete(input: Scoped): Promise<JobInfo>;
  setPriority(input: Scoped & { priority: Priority }): Promise<JobInfo>;
  /** (+) JobManager.setFileUrl; the engine checks the index and the URL (TypeError naming them). */
  setFileUrl(input: Scoped & { fileIndex: unknown; url: unknown }): Promise<JobInfo>;
  /** An upload-reply job's reply (JobManager.reply), as base64 (src/shared/base64-bytes.ts). */
  reply(input: Scoped): Promise<{ base64: string }>;
  removeJob(input: Scoped): Promise<null>;
  clearFinished(input: { scope: OwnerScope }): Promise<number>;
  updateSettings(input: { settings: Settings }): Promise<null>;
  /**
   * (+) Hands a "user" job to the configured aria2 (JobManager.handOff). `cookies[i]`: the Cookie
   * header for file i, which the background read; used for one addUri call, never stored.
   */
  handOff(input: Scoped & { cookies: Array<string | null> }): Promise<JobInfo>;
  /** Origins the browser does not let WebBITS reach now (JobManager.setBlockedOrigins). */
  setSiteAccess(input: { blocked: string[] }): Promise<null>;
  /**
   * Writes a page's Blob into `staged/<staged>` from the bridge frame's `blob:` URL (the background
   * checked the page's origin and consent first) and answers the bytes written; on failure no file
   * is left (src/engine-host/staged-blob-writer.ts).
   */
  stageBlob(input: { url: string; staged: string; size: number }): Promise<{ bytes: number }>;
  /** Tests only (build-and-test.md): the backing files that exist now. */
  listBackingFiles(): Promise<string[]>;
  /** Tests only: which thread makes the backing files durable (null: there are none this run). */
  flushThread(): Promise<FlushThread | null>;
  /** Tests only: backing-file writes fail with QuotaExceededError past this many bytes (null: off). */
  setWriteQuota(input: { bytes: number | null }): Promise<null>;
  /** Tests only: the connection counts as metered or not (null: as the browser says). */
  setMetered(input: { metered: boolean | null }): Promise<null>;
}

export type HostMethod = keyof EngineHostApi;

/** Host → background, unanswered. */
export type HostEvent =
  | { type: 'job'; kind: JobChangeKind; job: JobInfo }
  /** Transfers run (true) or none does: keep-alive, power, badge heartbeat. */
  | { type: 'active'; active: boolean }
  /** The engine wants to run again at `at` even if the host is gone by then (an alarm). */
  | { type: 'wake-at'; at: number | null }
  /** (+) Downloads handed to aria2 are followed (true) or none is: keep-alive without keep-awake. */
  | { type: 'following'; following: boolean };

/** Host → background, answered: what needs the downloads API. */
export interface SaveRequestMessage {
  /** A blob: URL of the finished file, made in the host's document. */
  url: string;
  path: string;
  jobId: string;
  fileIndex: number;
}

/** The name of the error a call gets from a host that has not had `init` (a host started anew). */
export const HOST_NOT_STARTED = 'WebBitsHostNotStarted';

export const HOST_CALL_KIND = 'webbits:host-call';
export const HOST_EVENT_KIND = 'webbits:host-event';
export const HOST_SAVE_KIND = 'webbits:host-save';
/** The port the host's document keeps open to the service worker: its end tells the host died. */
export const HOST_PORT_NAME = 'webbits:host';

export type HostCallResult =
  { ok: true; value: unknown } | { ok: false; error: { name: string; message: string } };
