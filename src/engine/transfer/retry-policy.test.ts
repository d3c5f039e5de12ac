import { describe, expect, it } from 'vitest';
import { classifyFailure, type FailureCause } from './classify-failure';
import { shouldRetry } from './retry-policy';

const file = { url: 'https://x.example/f', name: null, index: 0 };
const delays = [1000, 2000, 4000];
const failure = (cause: FailureCause) => classifyFailure(cause, file);
const reset = failure({ kind: 'network', phase: 'body', detail: 'reset' });

describe('shouldRetry', () => {
  it('waits 1 s, 2 s, 4 s, then gives up', () => {
    expect([0, 1, 2, 3].map((attempt) => shouldRetry(reset, attempt, delays))).toEqual([
      { retry: true, delayMs: 1000 },
      { retry: true, delayMs: 2000 },
      { retry: true, delayMs: 4000 },
      { retry: false },
    ]);
  });

  it('never retries a fatal status or a full disk', () => {
    expect(shouldRetry(failure({ kind: 'http', status: 404, retryAfterMs: null }), 0, delays)).toEqual({
      retry: false,
    });
    expect(shouldRetry(failure({ kind: 'quota' }), 0, delays)).toEqual({ retry: false });
  });

  it('retries a bad response inside the attempt', () => {
    expect(shouldRetry(failure({ kind: 'short-body', expected: 10, received: 5 }), 0, delays)).toEqual({
      retry: true,
      delayMs: 1000,
    });
  });

  it('leaves a Retry-After longer than the back-off to the job retry timer', () => {
    const busy = failure({ kind: 'http', status: 503, retryAfterMs: 120_000 });
    expect(shouldRetry(busy, 0, delays)).toEqual({ retry: false });
    const brief = failure({ kind: 'http', status: 503, retryAfterMs: 500 });
    expect(shouldRetry(brief, 0, delays)).toEqual({ retry: true, delayMs: 1000 });
  });
});
