/**
 * What the engine asks of the runtime it runs in: fetch, the clock, timers, randomness, whether
 * the network is metered, and the host's hooks to stay alive and wake up later.
 */

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
