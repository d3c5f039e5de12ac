import { describe, expect, it, vi } from 'vitest';
import { createKeepAlive, KEEP_ALIVE_INTERVAL_MS } from './keep-alive';

describe('createKeepAlive', () => {
  it('pings every 25 s and keeps the system awake only while active', () => {
    vi.useFakeTimers();
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
    vi.advanceTimersByTime(KEEP_ALIVE_INTERVAL_MS * 2);
    expect(ping).not.toHaveBeenCalled();

    keepAlive.setActive(true);
    keepAlive.setActive(true);
    expect(keepAwake).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(KEEP_ALIVE_INTERVAL_MS * 3);
    expect(ping).toHaveBeenCalledTimes(3);

    keepAlive.setActive(false);
    expect(releaseKeepAwake).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(KEEP_ALIVE_INTERVAL_MS * 3);
    expect(ping).toHaveBeenCalledTimes(3);
    expect(keepAlive.active).toBe(false);
    vi.useRealTimers();
  });
});
