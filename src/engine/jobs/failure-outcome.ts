/**
 * What a failed attempt does to a job (job-model.md "Error classification" and retry rules). Pure.
 *
 * A transient failure waits `minimumRetryDelay` (or the server's Retry-After, whichever is later)
 * and is retried; the retry window opens at the first transient error and closes after
 * `noProgressTimeout` without a byte received, and then the job is in ERROR with the last error.
 */
import type { JobRecord } from '../ports';
import type { JobError } from '../types';

export interface FailureLike {
  error: JobError;
  transient: boolean;
  retryAfterMs: number | null;
}

export type RetryClock = Pick<JobRecord, 'minimumRetryDelay' | 'noProgressTimeout' | 'firstTransientErrorAt'>;

export interface FailureOutcome {
  state: 'TRANSIENT_ERROR' | 'ERROR';
  error: JobError;
  retryAt: number | null;
  firstTransientErrorAt: number | null;
}

/** When the retry window of a job in TRANSIENT_ERROR closes. */
export function noProgressDeadline(job: RetryClock, now: number): number {
  return (job.firstTransientErrorAt ?? now) + job.noProgressTimeout * 1000;
}

export function outcomeOfFailure(job: RetryClock, failure: FailureLike, now: number): FailureOutcome {
  const firstTransientErrorAt = job.firstTransientErrorAt ?? now;
  const windowClosed = now >= noProgressDeadline({ ...job, firstTransientErrorAt }, now);
  if (!failure.transient || windowClosed) {
    return { state: 'ERROR', error: failure.error, retryAt: null, firstTransientErrorAt: null };
  }
  const delay = Math.max(job.minimumRetryDelay * 1000, failure.retryAfterMs ?? 0);
  return { state: 'TRANSIENT_ERROR', error: failure.error, retryAt: now + delay, firstTransientErrorAt };
}

/** When a job in TRANSIENT_ERROR needs attention: its retry, or the end of its retry window. */
export function transientWakeAt(job: RetryClock & Pick<JobRecord, 'retryAt'>, now: number): number {
  return Math.min(job.retryAt ?? now, noProgressDeadline(job, now));
}

/** What a job in TRANSIENT_ERROR does at `now`: wait, try again, or give up (ERROR). */
export function transientDue(
  job: RetryClock & Pick<JobRecord, 'retryAt'>,
  now: number,
): 'wait' | 'retry' | 'give-up' {
  if (now >= noProgressDeadline(job, now)) return 'give-up';
  if (now >= (job.retryAt ?? now)) return 'retry';
  return 'wait';
}
