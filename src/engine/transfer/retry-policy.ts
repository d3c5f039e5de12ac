/**
 * Per-connection retries inside one attempt (tus-js-client's retryDelays, as data): the n-th
 * retry waits delays[n]; a connection that made progress starts counting from 0 again.
 */
import type { ClassifiedFailure } from './classify-failure';

export type RetryDecision = { retry: true; delayMs: number } | { retry: false };

/**
 * `attempt` is how many retries this connection already used since its last progress.
 * A Retry-After longer than the back-off would wait is left to the job's retry timer
 * (TRANSIENT_ERROR), so a busy server is not asked again sooner than it wants.
 */
export function shouldRetry(
  failure: ClassifiedFailure,
  attempt: number,
  delays: readonly number[],
): RetryDecision {
  if (!failure.retryInAttempt) return { retry: false };
  const delayMs = delays[attempt];
  if (delayMs === undefined) return { retry: false };
  if (failure.retryAfterMs !== null && failure.retryAfterMs > delayMs) return { retry: false };
  return { retry: true, delayMs };
}
