import { describe, expect, it, vi } from 'vitest';
import { createKeepAlive, KEEP_ALIVE_INTERVAL_MS } from './keep-alive';

function setup() {
  const ping = vi.fn(async () => ({}));
  const keepAwake = vi.fn();
  const releaseKeepAwake = vi.fn();
  const keepAlive = createKeepAlive({
    ping,
    setInterval: (fn, ms) => setInterval(fn, ms),
    clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
    keepAwake,
    releaseKeepAwake,
  });
  return { ping, keepAwake, releaseKeepAwake, keepAlive };
}

describe('createKeepAlive', () => {
  it('pings well within the browsers’ 30 s idle time', () => {
    expect(KEEP_ALIVE_INTERVAL_MS).toBeLessThanOrEqual(20_000);
  });

  it('pings at once and then every interval, and keeps the system awake, only while active', () => {
    vi.useFakeTimers();
    try {
      const { ping, keepAwake, releaseKeepAwake, keepAlive } = setup();
      vi.advanceTimersByTime(KEEP_ALIVE_INTERVAL_MS * 2);
      expect(ping).not.toHaveBeenCalled();

      keepAlive.setActive(true);
      keepAlive.setActive(true);
      // The idle timer restarts when transfers start, not one interval later.
      expect(ping).toHaveBeenCalledTimes(1);
      expect(keepAwake).toHaveBeenCalledTimes(1);
      vi.advanceTimersByTime(KEEP_ALIVE_INTERVAL_MS * 3);
      expect(ping).toHaveBeenCalledTimes(4);

      keepAlive.setActive(false);
      expect(releaseKeepAwake).toHaveBeenCalledTimes(1);
      vi.advanceTimersByTime(KEEP_ALIVE_INTERVAL_MS * 3);
      expect(ping).toHaveBeenCalledTimes(4);
      expect(keepAlive.active).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  it('takes a new interval at once while active, and at the next start otherwise', () => {
    vi.useFakeTimers();
    try {
      const { ping, keepAlive } = setup();
      keepAlive.setIntervalMs(500);
      expect(ping).not.toHaveBeenCalled();
      keepAlive.setActive(true);
      vi.advanceTimersByTime(1_000);
      expect(ping).toHaveBeenCalledTimes(3);

      keepAlive.setIntervalMs(250);
      expect(ping).toHaveBeenCalledTimes(4);
      vi.advanceTimersByTime(1_000);
      expect(ping).toHaveBeenCalledTimes(8);
      keepAlive.setActive(false);
    } finally {
      vi.useRealTimers();
    }
  });
});
