import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentChunks, expectedBytes, expectedSha256, nextSeed, PAGE_SIZE, seedForPath } from './content';

const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

describe('generated content', () => {
  const spec = { size: 3 * PAGE_SIZE + 1234, seed: 7 };
  const whole = expectedBytes(spec);

  it('is deterministic and hashes to expectedSha256', async () => {
    expect(expectedBytes(spec).equals(whole)).toBe(true);
    expect(await expectedSha256(spec)).toBe(sha(whole));
  });

  it('gives any range the same bytes as the whole file', () => {
    fc.assert(
      fc.property(fc.nat(spec.size), fc.nat(spec.size), (a, b) => {
        const [start, end] = a <= b ? [a, b] : [b, a];
        return expectedBytes(spec, start, end).equals(whole.subarray(start, end));
      }),
      { numRuns: 25 },
    );
  });

  it('never repeats a 16-byte run at another offset, so misplaced bytes change the hash', () => {
    fc.assert(
      fc.property(fc.nat(spec.size - 16), fc.nat(spec.size - 16), (a, b) => {
        fc.pre(a !== b);
        return !whole.subarray(a, a + 16).equals(whole.subarray(b, b + 16));
      }),
      { numRuns: 500 },
    );
    // Whole pages swapped: same block, different per-page pattern.
    const swapped = Buffer.concat([
      whole.subarray(PAGE_SIZE, 2 * PAGE_SIZE),
      whole.subarray(0, PAGE_SIZE),
      whole.subarray(2 * PAGE_SIZE),
    ]);
    expect(sha(swapped)).not.toBe(sha(whole));
  });

  it('differs between seeds, and a changed file gets a new seed', () => {
    expect(expectedBytes({ size: 64, seed: 1 }).equals(expectedBytes({ size: 64, seed: 2 }))).toBe(false);
    expect(nextSeed(5)).not.toBe(5);
    expect(seedForPath('/a.mp3')).not.toBe(seedForPath('/b.mp3'));
  });

  it('yields chunks that never cross a page boundary', () => {
    const sizes = [...contentChunks(1, PAGE_SIZE - 10, 2 * PAGE_SIZE + 10)].map((chunk) => chunk.length);
    expect(sizes).toEqual([10, PAGE_SIZE, 10]);
  });
});
