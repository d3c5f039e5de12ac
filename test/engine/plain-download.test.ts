import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryJobStore } from '../../src/store/memory-store';
import { startTestServer, type TestServer } from '../server/index';
import { MiB, addJob, makeEnv, run, storedSha256 } from './harness';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

describe('transferFile, plain download', () => {
  it.each([1, 4])('stores the exact bytes of a 4 MiB file over %i connection(s)', async (connections) => {
    const handle = server.addFile(`/plain-${connections}.bin`, {
      size: 4 * MiB + 123,
      contentType: 'audio/mpeg',
      contentDisposition: 'attachment; filename="song.mp3"',
    });
    const store = new MemoryJobStore();
    const env = makeEnv(store, { connections });
    const { job } = await addJob(store, handle.url);
    server.resetStats();

    const { file, progress, transferringCalls } = await run(env, job);

    expect(await storedSha256(store, job.id)).toBe(await handle.sha256());
    expect(file).toMatchObject({
      completed: true,
      bytesTotal: 4 * MiB + 123,
      resumable: true,
      contentType: 'audio/mpeg',
      contentDisposition: 'attachment; filename="song.mp3"',
      finalUrl: handle.url,
    });
    expect(file.etag).not.toBeNull();
    expect((await store.getFiles(job.id))[0]).toEqual(file);
    expect(transferringCalls).toBe(1);
    expect(progress.at(-1)).toBe(4 * MiB + 123);
    if (connections === 1) expect(server.stats.bodyBytesSent).toBe(4 * MiB + 123);
    else expect(server.stats.maxConcurrent).toBeGreaterThan(1);
  });

  it('splits a file between connections without overlaps or gaps in what is stored', async () => {
    const size = 6 * MiB;
    const handle = server.addFile('/split.bin', { size });
    server.setThrottle(4 * MiB, '/split.bin');
    const store = new MemoryJobStore();
    const env = makeEnv(store, { connections: 4 });
    const { job } = await addJob(store, handle.url);

    await run(env, job);

    server.setThrottle(null, '/split.bin');
    const segments = (await store.getSegments(job.id, 0)).sort((a, b) => a.start - b.start);
    expect(segments.length).toBeGreaterThanOrEqual(4);
    let next = 0;
    for (const segment of segments) {
      expect(segment.start).toBe(next);
      expect(segment.pos).toBe(segment.end);
      next = segment.end ?? -1;
    }
    expect(next).toBe(size);
    // No two requests ask from the same byte, and each starts a stored segment or one of its
    // chunks (a request may be one chunk long).
    const starts = server.stats.log
      .filter((r) => r.path === '/split.bin')
      .map((r) => Number(/^bytes=(\d+)-/.exec(r.range ?? '')?.[1]));
    expect(new Set(starts).size).toBe(starts.length);
    const chunk = 256 * 1024;
    const atChunkOfSegment = (start: number) =>
      segments.some((s) => start >= s.start && start < (s.end ?? 0) && (start - s.start) % chunk === 0);
    expect(starts.every(atChunkOfSegment)).toBe(true);
    expect(segments.some((s) => starts.includes(s.start))).toBe(true);
    // Every piece a split left is at least minSplitBytes long.
    for (const segment of segments)
      expect((segment.end ?? 0) - segment.start).toBeGreaterThanOrEqual(256 * 1024);
    expect(await storedSha256(store, job.id)).toBe(await handle.sha256());
  });

  it('stores an empty file as complete with no chunks', async () => {
    const handle = server.addFile('/empty.bin', { size: 0 });
    const store = new MemoryJobStore();
    const { job } = await addJob(store, handle.url);
    const { file } = await run(makeEnv(store, { connections: 4 }), job);
    expect(file).toMatchObject({ completed: true, bytesTotal: 0 });
    expect(await store.countChunks(job.id)).toBe(0);
  });

  it('fetches a file without range support as one stream, marked not resumable', async () => {
    const handle = server.addFile('/noranges.bin', { size: 3 * MiB, ranges: false });
    const store = new MemoryJobStore();
    const { job } = await addJob(store, handle.url);
    const { file } = await run(makeEnv(store, { connections: 4 }), job);
    expect(file).toMatchObject({ completed: true, bytesTotal: 3 * MiB, resumable: false });
    expect(server.stats.log.filter((r) => r.path === '/noranges.bin')).toHaveLength(1);
    expect(await storedSha256(store, job.id)).toBe(await handle.sha256());
  });

  it('fetches a file of unknown size (no Content-Length) to its end', async () => {
    const handle = server.addFile('/nolength.bin', { size: 2 * MiB + 5, sendLength: false });
    const store = new MemoryJobStore();
    const { job } = await addJob(store, handle.url);
    const { file } = await run(makeEnv(store, { connections: 4 }), job);
    expect(file).toMatchObject({ completed: true, bytesTotal: 2 * MiB + 5, resumable: false });
    expect(await storedSha256(store, job.id)).toBe(await handle.sha256());
  });

  it('sends the job headers on every request', async () => {
    const handle = server.addFile('/headers.bin', { size: 2 * MiB });
    const seen: string[] = [];
    server.addRoute('/echo-headers.bin', (req, res) => {
      seen.push(String(req.headers['x-token']));
      res.writeHead(302, { Location: handle.url }).end();
    });
    const store = new MemoryJobStore();
    const { job } = await addJob(store, server.url('/echo-headers.bin'), {}, { 'X-Token': 'abc' });
    const { file } = await run(makeEnv(store, { connections: 2 }), job);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((value) => value === 'abc')).toBe(true);
    expect(file.finalUrl).toBe(handle.url);
    expect(await storedSha256(store, job.id)).toBe(await handle.sha256());
  });
});
