import { describe, expect, it } from 'vitest';
import { addTiming, nextRequestShape } from './request-shape';

const limits = { chunkBytes: 1024 * 1024, stallTimeoutMs: 30_000, wholeChunkBlobs: true };
const MB = 1e6;

describe('nextRequestShape', () => {
  const sample = (latencyMs: number, bytesPerSecond: number, requests = 3) => ({
    latencyMs,
    bytesPerSecond,
    requests,
  });

  it('measures a new host first: one chunk read as a stream', () => {
    expect(nextRequestShape(null, false, limits)).toEqual({ read: 'stream', chunks: 1 });
  });

  it('takes whole chunks from a fast, near server', () => {
    // 8 MB/s per connection on loopback: a chunk takes 131 ms, the round trip 2 ms.
    expect(nextRequestShape(sample(2, 8 * MB, 1), false, limits)).toEqual({ read: 'blob' });
  });

  it('never takes whole Blobs for a store that writes bytes in place', () => {
    const inPlace = { ...limits, wholeChunkBlobs: false };
    expect(nextRequestShape(sample(2, 8 * MB, 3), false, inPlace)).toEqual({ read: 'stream', chunks: 31 });
  });

  it('streams about 4 s worth per request from a distant server', () => {
    // 8 MB/s from a server 40 ms away: a request per chunk would idle 30% of the time.
    expect(nextRequestShape(sample(40, 8 * MB), false, limits)).toEqual({ read: 'stream', chunks: 31 });
  });

  it('measures up to three requests before asking for more than a chunk', () => {
    expect(nextRequestShape(sample(40, 8 * MB, 2), false, limits)).toEqual({ read: 'stream', chunks: 1 });
  });

  it('streams when a chunk would take long (no progress inside it, stall risk)', () => {
    expect(nextRequestShape(sample(1, 1 * MB), false, limits)).toEqual({ read: 'stream', chunks: 4 });
    // A slow server: still whole chunks, one per request.
    expect(nextRequestShape(sample(1, 50_000), false, limits)).toEqual({ read: 'stream', chunks: 1 });
  });

  it('streams to the segment end under a bandwidth limit, which paces the reads', () => {
    expect(nextRequestShape(null, true, limits)).toEqual({ read: 'stream', chunks: null });
    expect(nextRequestShape(sample(1, 50 * MB), true, limits)).toEqual({ read: 'stream', chunks: null });
  });

  it('measures again when the last request carried no rate', () => {
    expect(nextRequestShape(sample(1, 0), false, limits)).toEqual({ read: 'stream', chunks: 1 });
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
