/**
 * The background bandwidth limit: one token bucket shared by every background transfer. A read
 * of any size is granted once the bucket holds min(size, one second's worth) and may drive it
 * into debt, so large blocks under a small limit still average out to the rate. Waiters are
 * served in order; a rate change re-times the waiting head at once.
 */
import type { Clock, TimerHandle, Timers } from '../ports';
import type { ByteThrottle } from './transfer-types';

interface Waiter {
  bytes: number;
  resolve(): void;
  reject(reason: unknown): void;
  signal: AbortSignal;
  onAbort(): void;
}

export function createTokenBucket(
  clock: Clock,
  timers: Timers,
  bytesPerSecond: number | null = null,
): ByteThrottle {
  let rate = bytesPerSecond;
  let tokens = rate ?? 0;
  let refilledAt = clock.now();
  const waiters: Waiter[] = [];
  let timer: TimerHandle | null = null;

  function refill(): void {
    const now = clock.now();
    if (rate !== null) tokens = Math.min(rate, tokens + ((now - refilledAt) * rate) / 1000);
    refilledAt = now;
  }

  function grant(waiter: Waiter): void {
    waiter.signal.removeEventListener('abort', waiter.onAbort);
    waiter.resolve();
  }

  function serve(): void {
    if (timer !== null) {
      timers.clearTimeout(timer);
      timer = null;
    }
    refill();
    while (waiters.length > 0) {
      const head = waiters[0] as Waiter;
      if (rate === null) {
        waiters.shift();
        grant(head);
        continue;
      }
      const needed = Math.min(head.bytes, rate);
      if (tokens < needed) {
        const waitMs = Math.max(1, Math.ceil(((needed - tokens) * 1000) / rate));
        timer = timers.setTimeout(serve, waitMs);
        return;
      }
      tokens -= head.bytes;
      waiters.shift();
      grant(head);
    }
  }

  return {
    take(bytes, signal) {
      if (signal.aborted) return Promise.reject(signal.reason);
      return new Promise<void>((resolve, reject) => {
        const waiter: Waiter = {
          bytes,
          resolve,
          reject,
          signal,
          onAbort() {
            const index = waiters.indexOf(waiter);
            if (index >= 0) waiters.splice(index, 1);
            reject(signal.reason);
            if (index === 0) serve();
          },
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
        waiters.push(waiter);
        if (waiters.length === 1) serve();
      });
    },
    setRate(next) {
      refill();
      const wasUnlimited = rate === null;
      rate = next !== null && next > 0 ? next : null;
      if (rate !== null) tokens = wasUnlimited ? rate : Math.min(tokens, rate);
      serve();
    },
    isLimited() {
      return rate !== null;
    },
  };
}
