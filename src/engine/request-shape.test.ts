import { describe, expect, it } from 'vitest';
import { addTiming, nextRequestShape } from './request-shape';

const limits = { chunkBytes: 1024 * 1024, stallTimeoutMs: 30_000 };
const MB = 1e6;

describe('nextRequestShape', () => {
  it('measures first: one chunk read as a stream', () => {
    expect(nextRequestShape(null, false, limits)).toBe('chunk-stream');
  });

  it('takes whole chunks from a fast, near server', () => {
    // 8 MB/s per connection on loopback: a chunk takes 131 ms, the round trip 2 ms.
    expect(nextRequestShape({ latencyMs: 2, bytesPerSecond: 8 * MB, requests: 1 }, false, limits)).toBe(
      'chunk-blob',
    );
  });

  it('streams the segment from a distant server', () => {
    // 8 MB/s from a server 40 ms away: a request per chunk would idle 30% of the time.
    expect(nextRequestShape({ latencyMs: 40, bytesPerSecond: 8 * MB, requests: 3 }, false, limits)).toBe(
      'segment',
    );
  });

  it('measures once more before giving up on chunks: the first request also opened the connection', () => {
    expect(nextRequestShape({ latencyMs: 40, bytesPerSecond: 8 * MB, requests: 1 }, false, limits)).toBe(
      'chunk-stream',
    );
  });

  it('streams the segment when a chunk would take long (no progress inside it, stall risk)', () => {
    expect(nextRequestShape({ latencyMs: 1, bytesPerSecond: 1 * MB, requests: 3 }, false, limits)).toBe(
      'segment',
    );
  });

  it('streams the segment under a bandwidth limit, which paces the reads', () => {
    expect(nextRequestShape(null, true, limits)).toBe('segment');
    expect(nextRequestShape({ latencyMs: 1, bytesPerSecond: 50 * MB, requests: 3 }, true, limits)).toBe(
      'segment',
    );
  });

  it('streams when the previous request carried no rate', () => {
    expect(nextRequestShape({ latencyMs: 1, bytesPerSecond: 0, requests: 3 }, false, limits)).toBe('segment');
  });
});

describe('addTiming', () => {
  const chunk = 1_048_576;

  it('splits a request into its round trip and its body rate', () => {
    const timing = { sentAt: 1000, headersAt: 1003, endedAt: 1131, bytes: chunk };
    expect(addTiming(null, timing, chunk)).toEqual({
      latencyMs: 3,
      bytesPerSecond: (chunk * 1000) / 131,
      requests: 1,
    });
  });

  it('keeps the shortest round trip and the latest rate', () => {
    const first = addTiming(null, { sentAt: 0, headersAt: 50, endedAt: 150, bytes: chunk }, chunk);
    const second = addTiming(first, { sentAt: 200, headersAt: 202, endedAt: 402, bytes: chunk }, chunk);
    expect(second).toEqual({ latencyMs: 2, bytesPerSecond: (chunk * 1000) / 202, requests: 2 });
  });

  it('ignores a short tail, which says little about the rate', () => {
    const previous = { latencyMs: 5, bytesPerSecond: 1e6, requests: 1 };
    expect(addTiming(previous, { sentAt: 0, headersAt: 1, endedAt: 2, bytes: 1000 }, chunk)).toBe(previous);
  });
});
