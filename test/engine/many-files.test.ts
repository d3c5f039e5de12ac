/**
 * Jobs of many files end to end in Node: a few files of a job transfer and save at once, and a
 * failure, a cancel or a failed save still leaves every file as the person expects.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/jobs/engine';
import type { SaveRequest } from '../../src/engine/ports';
import type { JobInfo } from '../../src/engine/types';
import { MemoryJobStore } from '../../src/store/memory-store';
import { expectedBytes, expectedSha256, startTestServer, type FileHandle, type TestServer } from '../server';
import { assembleFile } from './assemble';
import { nodePorts } from './node-ports';
import { NodeFileSaver } from './node-saver';

const SHOP = 'https://shop.example';
const KiB = 1024;

/** Fails the save of the listed files; the rest go to disk. */
class FlakySaver extends NodeFileSaver {
  failing = new Set<number>();

  override async save(request: SaveRequest): Promise<{ localPath: string }> {
    if (this.failing.has(request.fileIndex)) throw new Error('the download was interrupted');
    return super.save(request);
  }
}

let server: TestServer;
let downloads: string;
let store: MemoryJobStore;
let saver: FlakySaver;
let engine: Engine;

beforeEach(async () => {
  server = await startTestServer();
  downloads = await mkdtemp(join(tmpdir(), 'webbits-many-'));
  store = new MemoryJobStore();
  saver = new FlakySaver(store, downloads);
  engine = new Engine(nodePorts(store, saver), {
    tuning: {
      stallTimeoutMs: 2000,
      connectionRetryDelaysMs: [10, 20, 40],
      progressIntervalMs: 50,
      chunkBytes: 64 * KiB,
      minSplitBytes: 256 * KiB,
      // The contract keeps files one after another; the runner's concurrency is tested here.
      filesAtOnce: 4,
    },
  });
  await engine.start();
});

afterEach(async () => {
  await engine.stop();
  await server.close();
  await rm(downloads, { recursive: true, force: true });
});

/** Resolves with the job once `test` holds for it (now or later). */
function until(id: string, test: (info: JobInfo) => boolean): Promise<JobInfo> {
  return new Promise((resolve) => {
    const check = (info: JobInfo) => {
      if (info.id !== id || !test(info)) return;
      stop();
      resolve(info);
    };
    const stop = engine.subscribe(check);
    check(engine.getJob('*', id));
  });
}

function addFiles(count: number, size: number, prefix: string): FileHandle[] {
  return Array.from({ length: count }, (_, i) =>
    server.addFile(`/${prefix}/${String(i).padStart(2, '0')}.bin`, { size }),
  );
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const sha256OnDisk = async (localPath: string | null | undefined) =>
  sha256(await readFile(join(downloads, localPath ?? 'missing')));

describe('a job of many files', () => {
  it('transfers and saves 40 files of 64 KiB, a few at once, each with the right bytes', async () => {
    const handles = addFiles(40, 64 * KiB, 'many');
    // Slow enough that files overlap on the wire when they run side by side.
    server.setThrottle(2 * 1024 * KiB);
    const job = await engine.createJob(SHOP, {
      displayName: 'Many',
      files: handles.map((h) => ({ url: h.url })),
    });
    server.resetStats();
    const done = until(job.id, (info) => info.state === 'ACKNOWLEDGED');
    await engine.resume(SHOP, job.id);
    const info = await done;

    expect(info.files.map((f) => f.localPath)).toEqual(
      handles.map((_, i) => `Many/${String(i).padStart(2, '0')}.bin`),
    );
    for (const [i, handle] of handles.entries()) {
      expect(await sha256OnDisk(info.files[i]?.localPath)).toBe(await expectedSha256(handle.spec));
    }
    expect(await store.countChunks(job.id)).toBe(0);
    expect(saver.saved).toHaveLength(40);
    // Several files were on the wire at once, never more than the host's 8 slots (plus the odd
    // response the server still counts after the client has read it to its end).
    expect(server.stats.maxConcurrent).toBeGreaterThan(1);
    expect(server.stats.maxConcurrent).toBeLessThanOrEqual(8);
  });

  it('a 404 on one file stops the others: ERROR naming that file, every stored byte right', async () => {
    const size = 512 * KiB;
    const handles = addFiles(6, size, 'broken');
    const specs = handles.map((h) => h.spec);
    server.removeFile('/broken/02.bin');
    // The others are still on the wire when file 2's 404 arrives.
    server.setThrottle(256 * KiB);
    const job = await engine.createJob(SHOP, {
      displayName: 'Broken',
      files: handles.map((h) => ({ url: h.url })),
    });
    const failed = until(job.id, (info) => info.state === 'ERROR');
    await engine.resume(SHOP, job.id);
    const info = await failed;

    expect(info.error).toMatchObject({ code: 'BG_E_HTTP_ERROR_404', fileIndex: 2 });
    // Files 0, 1 and 3 ran beside file 2 and were stopped; 4 and 5 never started.
    expect(info.files.map((f) => f.completed)).toEqual([false, false, false, false, false, false]);
    const asked = new Set(server.stats.log.map((r) => r.path));
    expect(['/broken/04.bin', '/broken/05.bin'].filter((p) => asked.has(p))).toEqual([]);
    expect(info.files.every((f) => f.localPath === null)).toBe(true);
    // What the stopped files hold is exactly the start of the right content.
    for (const [i, spec] of specs.entries()) {
      const stored = await assembleFile(store, job.id, i);
      expect(sha256(stored)).toBe(sha256(expectedBytes(spec, 0, stored.byteLength)));
      if (info.files[i]?.completed) expect(stored.byteLength).toBe(size);
    }

    // The file appears; a resume finishes the job from what was kept.
    server.setThrottle(null);
    server.addFile('/broken/02.bin', specs[2] ?? { size });
    const done = until(job.id, (i) => i.state === 'ACKNOWLEDGED');
    await engine.resume(SHOP, job.id);
    const finished = await done;
    for (const [i, spec] of specs.entries()) {
      expect(await sha256OnDisk(finished.files[i]?.localPath)).toBe(await expectedSha256(spec));
    }
  });

  it('a cancel while several files transfer leaves no chunk behind', async () => {
    const handles = addFiles(6, 1024 * KiB, 'cancelled');
    server.setThrottle(512 * KiB);
    const job = await engine.createJob(SHOP, {
      displayName: 'Cancelled',
      files: handles.map((h) => ({ url: h.url })),
    });
    // Chunks of 64 KiB are in the store for at least two files.
    const underway = until(
      job.id,
      (info) => info.files.filter((f) => f.bytesTransferred >= 192 * KiB).length >= 2,
    );
    await engine.resume(SHOP, job.id);
    await underway;
    expect(await store.countChunks(job.id)).toBeGreaterThan(0);

    const cancelled = await engine.cancel(SHOP, job.id);

    expect(cancelled.state).toBe('CANCELLED');
    expect(await store.countChunks(job.id)).toBe(0);
    expect(saver.saved).toHaveLength(0);
  });

  it('a failed save of some files saves the others and reports the first failed file', async () => {
    const handles = addFiles(6, 100 * KiB, 'saves');
    saver.failing = new Set([3, 1]);
    const job = await engine.createJob(SHOP, {
      displayName: 'Saves',
      files: handles.map((h) => ({ url: h.url })),
    });
    const failed = until(job.id, (info) => info.state === 'TRANSFERRED' && info.error !== null);
    await engine.resume(SHOP, job.id);
    const info = await failed;

    expect(info.error).toMatchObject({ code: 'BG_E_LOCAL_FILE', fileIndex: 1 });
    expect(info.error?.message).toContain('01.bin');
    expect(info.files.map((f) => f.localPath !== null)).toEqual([true, false, true, false, true, true]);
    for (const i of [0, 2, 4, 5]) {
      expect(await sha256OnDisk(info.files[i]?.localPath)).toBe(
        await expectedSha256(handles[i]?.spec ?? { size: 0 }),
      );
    }
    // The unsaved files keep their chunks, so "Save now" can try again.
    expect((await store.getChunks(job.id, 1)).length).toBeGreaterThan(0);
    expect((await store.getChunks(job.id, 0)).length).toBe(0);

    saver.failing.clear();
    const done = await engine.complete(SHOP, job.id);
    expect(done).toMatchObject({ state: 'ACKNOWLEDGED', error: null });
    for (const [i, handle] of handles.entries()) {
      expect(await sha256OnDisk(done.files[i]?.localPath)).toBe(await expectedSha256(handle.spec));
    }
    expect(saver.saved.map((s) => s.fileIndex).sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
