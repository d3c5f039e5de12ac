import { describe, expect, it } from 'vitest';
import type { Clock, Timers } from '../ports';
import { createTokenBucket } from './token-bucket';

/** A clock and timers that move only when the test says so. */
function manualTime() {
  let now = 0;
  let nextId = 0;
  const pending = new Map<number, { at: number; fn: () => void }>();
  const clock: Clock = { now: () => now };
  const timers: Timers = {
    setTimeout(fn, ms) {
      nextId += 1;
      pending.set(nextId, { at: now + ms, fn });
      return nextId;
    },
    clearTimeout(handle) {
      pending.delete(handle as number);
    },
  };
  async function advance(ms: number) {
    const target = now + ms;
    for (;;) {
      const due = [...pending.entries()]
        .filter(([, t]) => t.at <= target)
        .sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      pending.delete(due[0]);
      now = due[1].at;
      due[1].fn();
      await Promise.resolve();
    }
    now = target;
    await Promise.resolve();
  }
  return { clock, timers, advance };
}

function track(promise: Promise<void>) {
  const state = { done: false, error: null as unknown };
  promise.then(
    () => (state.done = true),
    (err: unknown) => (state.error = err),
  );
  return state;
}

describe('createTokenBucket', () => {
  it('lets everything through at once when unlimited', async () => {
    const time = manualTime();
    const bucket = createTokenBucket(time.clock, time.timers);
    const take = track(bucket.take(10_000_000, new AbortController().signal));
    await Promise.resolve();
    expect(take.done).toBe(true);
  });

  it('paces reads to the rate, one second of burst at most', async () => {
    const time = manualTime();
    const bucket = createTokenBucket(time.clock, time.timers, 1000);
    const signal = new AbortController().signal;
    const first = track(bucket.take(1000, signal));
    const second = track(bucket.take(1000, signal));
    await time.advance(0);
    expect(first.done).toBe(true);
    expect(second.done).toBe(false);
    await time.advance(999);
    expect(second.done).toBe(false);
    await time.advance(1);
    expect(second.done).toBe(true);
  });

  it('lets a read larger than the burst through, then makes the others wait for the debt', async () => {
    const time = manualTime();
    const bucket = createTokenBucket(time.clock, time.timers, 1000);
    const signal = new AbortController().signal;
    const big = track(bucket.take(3000, signal));
    const next = track(bucket.take(500, signal));
    await time.advance(0);
    expect(big.done).toBe(true);
    await time.advance(2400);
    expect(next.done).toBe(false);
    await time.advance(100);
    expect(next.done).toBe(true);
  });

  it('applies a rate change to waiting reads at once', async () => {
    const time = manualTime();
    const bucket = createTokenBucket(time.clock, time.timers, 100);
    const signal = new AbortController().signal;
    track(bucket.take(100, signal));
    const waiting = track(bucket.take(100, signal));
    await time.advance(10);
    expect(waiting.done).toBe(false);
    bucket.setRate(null);
    await time.advance(0);
    expect(waiting.done).toBe(true);
  });

  it('rejects an aborted wait with the reason and serves the next one', async () => {
    const time = manualTime();
    const bucket = createTokenBucket(time.clock, time.timers, 1000);
    track(bucket.take(1000, new AbortController().signal));
    const controller = new AbortController();
    const aborted = track(bucket.take(1000, controller.signal));
    const after = track(bucket.take(1000, new AbortController().signal));
    const reason = new Error('suspended');
    controller.abort(reason);
    await time.advance(1000);
    expect(aborted.error).toBe(reason);
    expect(after.done).toBe(true);
  });
});
