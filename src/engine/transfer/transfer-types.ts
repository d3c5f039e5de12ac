/**
 * The seam between the job manager (which decides what runs) and the per-file transfer (which
 * turns one file into stored chunks). The manager owns the throttle and host slots, so that
 * settings changes reach running transfers at once.
 */
import type { EnginePorts, EngineTuning, FileRecord, JobRecord } from '../ports';
import type { LinkSample } from './request-shape';
import type { JobError } from '../types';

/** A token bucket shared by every background transfer. */
export interface ByteThrottle {
  /** Resolves once `bytes` may be read; rejects with the signal's reason if aborted first. */
  take(bytes: number, signal: AbortSignal): Promise<void>;
  /** Bytes per second; null = unlimited. Applies to waiting and future takes at once. */
  setRate(bytesPerSecond: number | null): void;
  /** Whether a limit is set now: without one, readers need not ask at all. */
  isLimited(): boolean;
}

/** At most N connections per host at once, across every job. */
export interface HostSlots {
  /** Resolves with a release function once a connection to `host` may open. */
  acquire(host: string, signal: AbortSignal): Promise<() => void>;
}

export interface TransferEnv {
  ports: Pick<EnginePorts, 'fetch' | 'clock' | 'timers' | 'store'>;
  tuning: EngineTuning;
  /** Read live: the options page's "Connections per file" applies to running files too. */
  connectionsPerFile(): number;
  /** null for foreground jobs: never throttled. */
  throttle: ByteThrottle | null;
  hosts: HostSlots;
  /**
   * What requests to each host showed so far (request-shape.ts), shared by every connection to
   * it: a new connection to a host known to be near and fast asks for whole chunks at once.
   */
  links: Map<string, LinkSample>;
}

/** What a request needs of its job: its headers, and its owner, who decides the credentials. */
export type RequestingJob = Pick<JobRecord, 'owner' | 'headers'>;

export interface FileTransferRequest {
  job: Pick<JobRecord, 'id' | 'owner' | 'headers'>;
  /** The file as stored; the transfer stores probe results and `completed` through ports.store. */
  file: FileRecord;
  /**
   * Aborted on suspend, cancel or the end of a time slice: every connection stops within a second,
   * every stored byte is kept, and the promise rejects with the signal's reason.
   */
  signal: AbortSignal;
  /** Called as bytes arrive (in memory, not yet stored): for live progress. */
  onProgress(bytesTransferred: number, bytesTotal: number | null): void;
  /** Called once, when the first response body byte arrives (CONNECTING → TRANSFERRING). */
  onTransferring(): void;
  /** (+) The file's record changed while it transfers (a mirror skipped, say): for the popup. */
  onFileRecord?(file: FileRecord): void;
}

/**
 * Why a file could not finish in this attempt. `transient` failures go to TRANSIENT_ERROR and are
 * retried after the job's retry delay (or `retryAfterMs` from Retry-After, whichever is later);
 * the rest go to ERROR.
 */
export class TransferFailure extends Error {
  constructor(
    readonly error: JobError,
    readonly transient: boolean,
    readonly retryAfterMs: number | null = null,
  ) {
    super(error.message);
    this.name = 'TransferFailure';
  }
}

/**
 * Fetches one file into the store. Resolves with the stored file record (completed, bytesTotal set,
 * sha256 checked when given) or rejects with a TransferFailure, or with the signal's reason when aborted.
 */
export type TransferFile = (env: TransferEnv, request: FileTransferRequest) => Promise<FileRecord>;
