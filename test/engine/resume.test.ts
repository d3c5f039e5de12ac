import { chunkSize } from '../../src/engine/transfer/chunk-bytes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobStore } from '../../src/engine/ports';
import { MemoryJobStore } from '../../src/store/memory-store';
import { startTestServer, type TestServer } from '../server/index';
import { MiB, addJob, makeEnv, rejectionOf, run, storedSha256 } from './harness';
import { assembleFile } from './assemble';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

describe('transferFile, interrupted and resumed', () => {
  it.each([1, 4])(
    'keeps every received byte on abort and re-fetches at most one chunk per connection (%i)',
    async (connections) => {
      const size = 8 * MiB;
      const chunkBytes = 256 * 1024;
      const path = `/resume-${connections}.bin`;
      const handle = server.addFile(path, { size });
      server.setThrottle(4 * MiB, path);
      const store = new MemoryJobStore();
      // Quarters of 2 MiB that no resumed connection splits again: what run 2 fetches is the gap alone.
      const env = makeEnv(store, { connections, tuning: { chunkBytes, minSplitBytes: MiB } });
      const { job } = await addJob(store, handle.url);
      server.resetStats();

      const controller = new AbortController();
      const reason = new Error('suspended');
      let receivedAtAbort = 0;
      const failed = await rejectionOf(
        run(env, job, {
          signal: controller.signal,
          onProgress(bytes) {
            if (bytes >= size / 3 && !controller.signal.aborted) {
              receivedAtAbort = bytes;
              controller.abort(reason);
            }
          },
        }),
      );
      expect(failed).toBe(reason);
      // Every byte received before the abort is stored, buffers included.
      const stored = await assembleFile(store, job.id, 0).catch(() => null);
      const chunks = await store.getChunks(job.id, 0);
      const storedBytes = chunks.reduce((sum, c) => sum + chunkSize(c.data), 0);
      expect(storedBytes).toBeGreaterThanOrEqual(receivedAtAbort);
      if (connections === 1) expect(stored?.byteLength).toBe(storedBytes);

      server.setThrottle(null, path);
      server.resetStats();
      const { file } = await run(env, job);

      expect(file.completed).toBe(true);
      expect(await storedSha256(store, job.id)).toBe(await handle.sha256());
      // Fetched again after the interruption: at most the unwritten tail of one chunk per connection.
      const refetched = server.stats.bodyBytesSent - (size - storedBytes);
      expect(refetched).toBeLessThanOrEqual(connections * chunkBytes);
      const resumed = server.stats.log.filter((r) => r.path === path).slice(-1)[0];
      expect(resumed?.ifRange).toBe(file.etag);
    },
  );

  it('restarts from 0 when the file changed while suspended', async () => {
    const size = 3 * MiB;
    const path = '/resume-changed.bin';
    const handle = server.addFile(path, { size });
    server.setThrottle(4 * MiB, path);
    const store = new MemoryJobStore();
    const env = makeEnv(store);
    const { job } = await addJob(store, handle.url);
    const controller = new AbortController();
    await rejectionOf(
      run(env, job, {
        signal: controller.signal,
        onProgress: (bytes) => bytes > MiB && controller.abort(new Error('suspended')),
      }),
    );
    server.setThrottle(null, path);
    const oldSha = await handle.sha256();
    const oldEtag = (await store.getFiles(job.id))[0]?.etag;
    expect(oldEtag).toBeTruthy();
    server.changeFile(path);

    const { file } = await run(env, job);

    const newSha = await handle.sha256();
    expect(newSha).not.toBe(oldSha);
    expect(await storedSha256(store, job.id)).toBe(newSha);
    expect(file.etag).not.toBe(oldEtag);
  });

  it('restarts a not resumable file from 0 after an interruption', async () => {
    const size = 3 * MiB;
    const path = '/resume-noranges.bin';
    const handle = server.addFile(path, { size, ranges: false });
    server.setThrottle(4 * MiB, path);
    const store = new MemoryJobStore();
    const env = makeEnv(store);
    const { job } = await addJob(store, handle.url);
    const controller = new AbortController();
    await rejectionOf(
      run(env, job, {
        signal: controller.signal,
        onProgress: (bytes) => bytes > MiB && controller.abort(new Error('suspended')),
      }),
    );
    expect((await store.getFiles(job.id))[0]?.resumable).toBe(false);
    server.setThrottle(null, path);
    server.resetStats();

    await run(env, job);

    expect(server.stats.bodyBytesSent).toBe(size);
    expect(await storedSha256(store, job.id)).toBe(await handle.sha256());
  });

  it('loses at most one chunk per connection when the process dies mid-transfer', async () => {
    const size = 8 * MiB;
    const chunkBytes = 256 * 1024;
    const connections = 4;
    const path = '/resume-crash.bin';
    const handle = server.addFile(path, { size });
    server.setThrottle(4 * MiB, path);
    const disk = new MemoryJobStore();
    // After the "crash" nothing reaches storage any more, as when the worker is killed.
    let dead = false;
    let storedBeforeCrash = 0;
    const dying: JobStore = Object.create(disk) as JobStore;
    dying.appendChunk = (chunk, start) => {
      if (dead) return Promise.reject(new Error('the process is gone'));
      storedBeforeCrash += chunkSize(chunk.data);
      return disk.appendChunk(chunk, start);
    };
    const { job } = await addJob(disk, handle.url);
    const controller = new AbortController();
    let receivedAtCrash = 0;
    const first = run(makeEnv(dying, { connections, tuning: { chunkBytes, minSplitBytes: MiB } }), job, {
      signal: controller.signal,
      onProgress(bytes) {
        // The crash comes while some received bytes are still buffered: those are what it loses.
        if (bytes >= size / 2 && bytes > storedBeforeCrash && !dead) {
          dead = true;
          receivedAtCrash = bytes;
          controller.abort(new Error('crashed'));
        }
      },
    });
    await expect(first).rejects.toThrow();
    const stored = (await disk.getChunks(job.id, 0)).reduce((sum, c) => sum + chunkSize(c.data), 0);
    expect(receivedAtCrash - stored).toBeGreaterThan(0);
    expect(receivedAtCrash - stored).toBeLessThanOrEqual(connections * chunkBytes);

    server.setThrottle(null, path);
    const { file } = await run(
      makeEnv(disk, { connections, tuning: { chunkBytes, minSplitBytes: MiB } }),
      job,
    );
    expect(file.completed).toBe(true);
    expect(await storedSha256(disk, job.id)).toBe(await handle.sha256());
  });
});
