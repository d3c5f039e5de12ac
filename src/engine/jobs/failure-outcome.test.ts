import { describe, expect, it } from 'vitest';
import { outcomeOfFailure, transientDue, transientWakeAt } from './failure-outcome';
import type { JobError } from '../types';

const error: JobError = {
  code: 'BG_E_HTTP_ERROR_503',
  hresult: 0x801901f7,
  context: 'remote-file',
  message: 'a.bin: the server is busy (HTTP 503)',
  fileIndex: 0,
  httpStatus: 503,
};
const job = { minimumRetryDelay: 10, noProgressTimeout: 100, firstTransientErrorAt: null };

describe('outcomeOfFailure', () => {
  it('retries a transient failure after minimumRetryDelay', () => {
    expect(outcomeOfFailure(job, { error, transient: true, retryAfterMs: null }, 1000)).toEqual({
      state: 'TRANSIENT_ERROR',
      error,
      retryAt: 11_000,
      firstTransientErrorAt: 1000,
    });
  });

  it('honours a Retry-After longer than the delay, never a shorter one', () => {
    expect(outcomeOfFailure(job, { error, transient: true, retryAfterMs: 30_000 }, 0).retryAt).toBe(30_000);
    expect(outcomeOfFailure(job, { error, transient: true, retryAfterMs: 1000 }, 0).retryAt).toBe(10_000);
  });

  it('keeps counting from the first transient error', () => {
    const later = outcomeOfFailure(
      { ...job, firstTransientErrorAt: 500 },
      { error, transient: true, retryAfterMs: null },
      50_000,
    );
    expect(later.firstTransientErrorAt).toBe(500);
  });

  it('ends in ERROR with the last error once noProgressTimeout passed', () => {
    const out = outcomeOfFailure(
      { ...job, firstTransientErrorAt: 0 },
      { error, transient: true, retryAfterMs: null },
      100_000,
    );
    expect(out).toEqual({ state: 'ERROR', error, retryAt: null, firstTransientErrorAt: null });
  });

  it('makes every error fatal with noProgressTimeout 0', () => {
    expect(
      outcomeOfFailure({ ...job, noProgressTimeout: 0 }, { error, transient: true, retryAfterMs: null }, 5)
        .state,
    ).toBe('ERROR');
  });

  it('sends fatal failures to ERROR at once', () => {
    expect(outcomeOfFailure(job, { error, transient: false, retryAfterMs: null }, 0).state).toBe('ERROR');
  });
});

describe('transientDue', () => {
  const waiting = { ...job, firstTransientErrorAt: 0, retryAt: 10_000 };
  it('waits, then retries, then gives up when the window closes', () => {
    expect(transientDue(waiting, 9_999)).toBe('wait');
    expect(transientDue(waiting, 10_000)).toBe('retry');
    expect(transientDue({ ...waiting, retryAt: 200_000 }, 100_000)).toBe('give-up');
  });

  it('wakes at the retry or at the end of the window, whichever is first', () => {
    expect(transientWakeAt(waiting, 0)).toBe(10_000);
    expect(transientWakeAt({ ...waiting, retryAt: 200_000 }, 0)).toBe(100_000);
  });
});
