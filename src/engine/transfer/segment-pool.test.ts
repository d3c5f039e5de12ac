import { describe, expect, it } from 'vitest';
import { createSegmentPool } from './segment-pool';

const MiB = 1024 * 1024;
const record = (start: number, end: number, pos: number) => ({ jobId: 'j', fileIndex: 0, start, end, pos });

describe('createSegmentPool', () => {
  it('splits the probe segment into quarters for four connections, writing each split in order', async () => {
    const written: [number, number][] = [];
    const pool = createSegmentPool([record(0, 8 * MiB, 0)], MiB, async (start, at) => {
      written.push([start, at]);
    });
    const first = pool.claimFirst();
    const others = [pool.claim(), pool.claim(), pool.claim()];
    await Promise.all(others.map((s) => s?.ready));
    expect(first.end).toBe(2 * MiB);
    expect(pool.segments.map((s) => [s.start, s.end])).toEqual([
      [0, 2 * MiB],
      [2 * MiB, 4 * MiB],
      [4 * MiB, 6 * MiB],
      [6 * MiB, 8 * MiB],
    ]);
    expect(written).toEqual([
      [0, 4 * MiB],
      [0, 2 * MiB],
      [4 * MiB, 6 * MiB],
    ]);
    // Quarters of 2 MiB cannot be split again into halves of 1 MiB once any byte arrived.
    first.pos = 1;
    for (const s of pool.segments) if (s !== first) s.pos = s.start + 1;
    expect(pool.claim()).toBeNull();
  });

  it('gives resumed unfinished segments out before splitting, and knows when all are done', () => {
    const pool = createSegmentPool(
      [record(0, 10, 10), record(10, 20, 15), record(20, 30, 20)],
      1,
      async () => {},
    );
    expect(pool.received()).toBe(15);
    expect(pool.claim()?.start).toBe(10);
    expect(pool.claim()?.start).toBe(20);
    expect(pool.allDone()).toBe(false);
    for (const s of pool.segments) s.pos = s.end ?? s.pos;
    expect(pool.allDone()).toBe(true);
    expect(pool.received()).toBe(30);
  });
});
