/**
 * Request shapes against the real test server: one chunk per request, taken whole, where the
 * server is near and each connection fast enough; whole segments under a bandwidth limit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenBucket } from '../../src/engine/transfer/token-bucket';
import { MemoryJobStore } from '../../src/store/memory-store';
import { startTestServer, type TestServer } from '../server/index';
import { MiB, addJob, makeEnv, run, storedSha256 } from './harness';

const chunk = 256 * 1024;
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

function rangesOf(path: string): Array<{ start: number; end: number }> {
  return server.stats.log
    .filter((r) => r.path === path && r.range !== undefined && r.range !== null)
    .map((r) => {
      const match = /^bytes=(\d+)-(\d*)$/.exec(r.range ?? '');
      return { start: Number(match?.[1]), end: match?.[2] ? Number(match[2]) + 1 : Infinity };
    });
}

describe('chunk requests', () => {
  it('where chunks are Blobs, asks a fast, near server for one chunk at a time and stores the right bytes', async () => {
    // 2 MB/s per connection: a 256 KiB chunk takes ~130 ms, far more than a loopback round trip.
    const handle = server.addFile('/chunked.bin', { size: 3 * MiB });
    server.setThrottle(2_000_000, '/chunked.bin');
    const store = new MemoryJobStore();
    const { job } = await addJob(store, handle.url);
    await run(makeEnv(store, { connections: 2, tuning: { wholeChunkBlobs: true } }), job);

    expect(await storedSha256(store, job.id)).toBe(await handle.sha256());
    const oneChunk = rangesOf('/chunked.bin').filter((r) => r.end - r.start === chunk);
    expect(oneChunk.length).toBeGreaterThanOrEqual(4);
    // No byte was asked for twice.
    const sorted = rangesOf('/chunked.bin')
      .filter((r) => r.start > 0)
      .sort((a, b) => a.start - b.start);
    for (let i = 1; i < sorted.length; i++)
      expect(sorted[i]?.start).toBeGreaterThanOrEqual(sorted[i - 1]?.end ?? 0);
  });

  it('keeps one request per segment under a bandwidth limit', async () => {
    const handle = server.addFile('/limited.bin', { size: 2 * MiB });
    server.setThrottle(2_000_000, '/limited.bin');
    const store = new MemoryJobStore();
    const env = makeEnv(store, { connections: 2 });
    env.throttle = createTokenBucket(env.ports.clock, env.ports.timers, 8 * MiB);
    const { job } = await addJob(store, handle.url);
    await run(env, job);

    expect(await storedSha256(store, job.id)).toBe(await handle.sha256());
    const ranges = rangesOf('/limited.bin');
    expect(ranges.filter((r) => r.end - r.start === chunk)).toHaveLength(0);
  });

  it('loses at most the chunk in flight when a whole-chunk request is reset', async () => {
    const size = 3 * MiB;
    const handle = server.addFile('/chunk-reset.bin', { size });
    server.setThrottle(2_000_000, '/chunk-reset.bin');
    const store = new MemoryJobStore();
    const { job } = await addJob(store, handle.url);
    // The probe, the second connection's measuring request, then whole chunks: the 4th request
    // (a whole chunk) is reset part-way.
    let requests = 0;
    const env = makeEnv(store, { connections: 2 });
    const fetch = env.ports.fetch;
    env.ports.fetch = (url, init) => {
      requests += 1;
      if (requests === 4) server.queueFaults('/chunk-reset.bin', { kind: 'reset', afterBytes: 100_000 });
      return fetch(url, init);
    };
    await run(env, job);

    expect(await storedSha256(store, job.id)).toBe(await handle.sha256());
    const fourth = rangesOf('/chunk-reset.bin')[3];
    expect(fourth && fourth.end - fourth.start).toBe(chunk);
    expect(server.stats.byPath.get('/chunk-reset.bin')?.bodyBytesSent).toBeLessThanOrEqual(size + chunk);
  });
});
