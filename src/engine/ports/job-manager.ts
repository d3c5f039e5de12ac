/**
 * The engine's face to its callers: the background, the page bridge and the tests.
 */
import type { FileSpec, JobInfo, JobInit, Owner, Priority, Settings } from '../types';

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
