import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  chunksCoverFile,
  initialSegments,
  pickNextWork,
  pickSplit,
  unfinishedSegments,
} from './segment-plan';

const MiB = 1024 * 1024;

describe('pickSplit', () => {
  it('splits the largest remaining range in half, counting from the live position', () => {
    const segments = [
      { start: 0, end: 8 * MiB, pos: 0 },
      { start: 8 * MiB, end: 12 * MiB, pos: 8 * MiB },
    ];
    // The first segment's connection is at 6 MiB: 2 MiB remain there, 4 MiB in the second.
    const leased = new Map([
      [0, 6 * MiB],
      [8 * MiB, 8 * MiB],
    ]);
    expect(pickSplit(segments, leased, MiB)).toEqual({ segmentStart: 8 * MiB, at: 10 * MiB });
  });

  it('never leaves less than minSplitBytes on either side', () => {
    const segments = [{ start: 0, end: 2 * MiB - 1, pos: 0 }];
    expect(pickSplit(segments, new Map([[0, 0]]), MiB)).toBeNull();
    expect(pickSplit([{ start: 0, end: 2 * MiB, pos: 0 }], new Map([[0, 0]]), MiB)).toEqual({
      segmentStart: 0,
      at: MiB,
    });
  });

  it('keeps both halves within the segment and at least minSplit long, for any input', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(64 * MiB), fc.nat(64 * MiB), fc.nat(64 * MiB)), { maxLength: 8 }),
        fc.integer({ min: 1, max: 4 * MiB }),
        (raw, minSplit) => {
          let next = 0;
          const segments = raw.map(([a, b, c]) => {
            const start = next;
            const end = start + Math.max(1, a);
            next = end;
            return {
              start,
              end,
              pos: start + Math.min(b, end - start),
              live: start + Math.min(Math.max(b, c), end - start),
            };
          });
          const leased = new Map(segments.map((s) => [s.start, s.live]));
          const split = pickSplit(segments, leased, minSplit);
          if (split === null) return;
          const segment = segments.find((s) => s.start === split.segmentStart);
          expect(segment).toBeDefined();
          if (!segment) return;
          expect(split.at - segment.live).toBeGreaterThanOrEqual(minSplit);
          expect(segment.end - split.at).toBeGreaterThanOrEqual(minSplit);
        },
      ),
    );
  });
});

describe('pickNextWork', () => {
  it('takes an unleased unfinished segment before splitting', () => {
    const segments = [
      { start: 0, end: 4 * MiB, pos: MiB },
      { start: 4 * MiB, end: 8 * MiB, pos: 5 * MiB },
      { start: 8 * MiB, end: 9 * MiB, pos: 9 * MiB },
    ];
    expect(pickNextWork(segments, new Map([[0, MiB]]), MiB)).toEqual({ kind: 'take', segmentStart: 4 * MiB });
    expect(
      pickNextWork(
        segments,
        new Map([
          [0, MiB],
          [4 * MiB, 5 * MiB],
        ]),
        MiB,
      ),
    ).toEqual({ kind: 'split', split: { segmentStart: 0, at: 2.5 * MiB } });
  });

  it('has nothing to do when every remaining range is too small to split', () => {
    expect(pickNextWork([{ start: 0, end: MiB, pos: 0 }], new Map([[0, 0]]), MiB)).toBeNull();
  });
});

describe('plans', () => {
  it('starts a file as one segment and resumes the unfinished ones in order', () => {
    expect(initialSegments(10)).toEqual([{ start: 0, end: 10, pos: 0 }]);
    const stored = [
      { start: 5, end: 10, pos: 7 },
      { start: 0, end: 5, pos: 5 },
      { start: 10, end: 20, pos: 10 },
    ];
    expect(unfinishedSegments(stored).map((s) => s.start)).toEqual([5, 10]);
  });

  it('checks that chunks cover a file exactly', () => {
    expect(
      chunksCoverFile(
        [
          { offset: 0, size: 5 },
          { offset: 5, size: 5 },
        ],
        10,
      ),
    ).toBe(true);
    expect(
      chunksCoverFile(
        [
          { offset: 0, size: 5 },
          { offset: 6, size: 4 },
        ],
        10,
      ),
    ).toBe(false);
    expect(
      chunksCoverFile(
        [
          { offset: 0, size: 5 },
          { offset: 4, size: 6 },
        ],
        10,
      ),
    ).toBe(false);
    expect(chunksCoverFile([{ offset: 0, size: 5 }], 10)).toBe(false);
    expect(chunksCoverFile([], 0)).toBe(true);
  });
});
