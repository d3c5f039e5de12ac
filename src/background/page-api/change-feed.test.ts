import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { JobInfo, JobState } from '../../engine/types';
import { createChangeFeed } from './change-feed';

const job = (id: string, state: JobState, bytes: number) =>
  ({ id, owner: 'https://shop.example', state, progress: { bytesTransferred: bytes } }) as unknown as JobInfo;

describe('change feed', () => {
  beforeEach(() => vi.useFakeTimers({ now: 0 }));
  afterEach(() => vi.useRealTimers());

  function setup() {
    const sent: string[] = [];
    const feed = createChangeFeed({
      intervalMs: 500,
      now: () => Date.now(),
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
      emit: (info) => sent.push(`${Date.now()} ${info.id} ${info.state} ${info.progress.bytesTransferred}`),
      emitRemoved: (_owner, id) => sent.push(`${Date.now()} ${id} removed`),
    });
    return { feed, sent };
  }

  it('sends progress at most every 500 ms per job, ending with the latest', () => {
    const { feed, sent } = setup();
    for (let t = 0; t <= 1000; t += 100) {
      feed.push(job('a', 'TRANSFERRING', t), 'progress');
      feed.push(job('b', 'TRANSFERRING', t), 'progress');
      vi.advanceTimersByTime(100);
    }
    vi.advanceTimersByTime(1000);
    expect(sent.filter((s) => s.includes(' a '))).toEqual([
      '0 a TRANSFERRING 0',
      '500 a TRANSFERRING 400',
      '1000 a TRANSFERRING 900',
      '1500 a TRANSFERRING 1000',
    ]);
    expect(sent.filter((s) => s.includes(' b '))).toHaveLength(4);
  });

  it('sends a state change at once and drops the older pending progress', () => {
    const { feed, sent } = setup();
    feed.push(job('a', 'TRANSFERRING', 10), 'progress');
    vi.advanceTimersByTime(100);
    feed.push(job('a', 'TRANSFERRING', 20), 'progress');
    feed.push(job('a', 'TRANSFERRED', 30), 'state');
    vi.advanceTimersByTime(2000);
    expect(sent).toEqual(['0 a TRANSFERRING 10', '100 a TRANSFERRED 30']);
  });

  it('passes removals on', () => {
    const { feed, sent } = setup();
    feed.push(job('a', 'CANCELLED', 0), 'removed');
    expect(sent).toEqual(['0 a removed']);
  });
});
