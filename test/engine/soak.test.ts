import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebBitsDb } from '../../src/store/db';
import { DexieJobStore } from '../../src/store/dexie-store';
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

describe('transferFile over a bad network', () => {
  it('ends a 32 MiB file with the right sha256 after 20 resets, re-fetching at most 1 MiB per reset', async () => {
    const size = 32 * MiB;
    const path = '/soak.bin';
    const handle = server.addFile(path, { size });
    // Paced like a real link, so what a reset loses is what was in flight, not a socket buffer.
    server.setThrottle(24 * MiB, path);
    // The first 20 requests each break after a different, seeded number of bytes (100 KB..1 MB).
    let seed = 42;
    const resets = Array.from({ length: 20 }, () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return { kind: 'reset' as const, afterBytes: 100_000 + (seed % 900_000) };
    });
    server.queueFaults(path, ...resets);
    const store = new MemoryJobStore();
    const env = makeEnv(store, { connections: 4, tuning: { chunkBytes: MiB, minSplitBytes: MiB } });
    const { job } = await addJob(store, handle.url);
    server.resetStats();

    const { file } = await run(env, job);

    expect(server.stats.log.filter((r) => r.path === path && r.fault === 'reset')).toHaveLength(20);
    expect(file).toMatchObject({ completed: true, bytesTotal: size });
    expect(await storedSha256(store, job.id)).toBe(await handle.sha256());
    expect(server.stats.bodyBytesSent).toBeLessThanOrEqual(size + 20 * MiB);
    expect(await store.countChunks(job.id)).toBeLessThanOrEqual(32 + 4 * 20);
  });

  it('stores through Dexie on IndexedDB the same bytes, resumable after an abort', async () => {
    const db = new WebBitsDb({ name: 'webbits-transfer-test', indexedDB, IDBKeyRange });
    await db.open();
    try {
      const size = 5 * MiB;
      const path = '/dexie.bin';
      const handle = server.addFile(path, { size });
      server.setThrottle(8 * MiB, path);
      const store = new DexieJobStore(db, { chunkAsBlob: true });
      const env = makeEnv(store, { connections: 4, tuning: { minSplitBytes: 512 * 1024 } });
      const { job } = await addJob(store, handle.url);
      const controller = new AbortController();
      await expect(
        run(env, job, {
          signal: controller.signal,
          onProgress: (bytes) => bytes > 2 * MiB && controller.abort(new Error('suspended')),
        }),
      ).rejects.toThrow('suspended');
      server.setThrottle(null, path);

      const { file } = await run(env, job);

      expect(file.completed).toBe(true);
      expect(await storedSha256(store, job.id)).toBe(await handle.sha256());
    } finally {
      db.close();
      await db.delete();
    }
  });
});
