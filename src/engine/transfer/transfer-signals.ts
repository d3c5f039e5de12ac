/**
 * Internal outcomes that travel between a connection and its file transfer as exceptions,
 * plus the small abort/timer plumbing both share. None of these leave transferFile.
 */
import type { FailureCause } from './classify-failure';
import type { Timers } from '../ports';

/** Something went wrong that classification turns into a JobError (maybe retried first). */
export class TransferProblem extends Error {
  constructor(readonly problem: FailureCause) {
    super(`transfer problem: ${problem.kind}`);
    this.name = 'TransferProblem';
  }
}

/** The server's copy is not the one the stored bytes came from: start the file over. */
export class FileChangedSignal extends Error {
  /** `notice`: what the person is told about the restart (a new link that serves another file). */
  constructor(
    readonly reason: string,
    readonly notice: string | null = null,
  ) {
    super(`file changed: ${reason}`);
    this.name = 'FileChangedSignal';
  }
}

/** The abort reason a stall watchdog uses, so the catch can tell it from a suspend. */
export class StallAbort extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no data for ${timeoutMs} ms`);
    this.name = 'StallAbort';
  }
}

export function isQuotaError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'QuotaExceededError';
}

/** An AbortController that also aborts when `parent` does, with the parent's reason. */
export function linkedController(parent: AbortSignal): { controller: AbortController; unlink(): void } {
  const controller = new AbortController();
  const forward = () => controller.abort(parent.reason);
  if (parent.aborted) forward();
  else parent.addEventListener('abort', forward, { once: true });
  return { controller, unlink: () => parent.removeEventListener('abort', forward) };
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(timers: Timers, ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      timers.clearTimeout(handle);
      reject(signal.reason);
    };
    const handle = timers.setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Calls `onStall` when armed and not re-armed within `ms`. When the timer fires it looks once
 * more a little later: a busy event loop runs due timers before it delivers the bytes that
 * arrived meanwhile, and those bytes are not a stall.
 */
export function createWatchdog(timers: Timers, ms: number, onStall: () => void) {
  let handle: unknown = null;
  let generation = 0;
  const graceMs = Math.min(1000, Math.max(1, Math.round(ms / 10)));
  const disarm = () => {
    if (handle !== null) timers.clearTimeout(handle);
    handle = null;
    generation++;
  };
  return {
    arm() {
      disarm();
      const armed = generation;
      handle = timers.setTimeout(() => {
        handle = timers.setTimeout(() => {
          handle = null;
          if (generation === armed) onStall();
        }, graceMs);
      }, ms);
    },
    disarm,
  };
}
