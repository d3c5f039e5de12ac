/**
 * The job manager end to end in Node: real transferFile and fetch against the test server, a
 * memory store, and a saver writing under a temp folder.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/jobs/engine';
import type { JobInfo, JobState } from '../../src/engine/types';
import { MemoryJobStore } from '../../src/store/memory-store';
import { expectedSha256, startTestServer, type TestServer } from '../server';
import { nodePorts } from './node-ports';
import { NodeFileSaver } from './node-saver';
import { reachState } from './support/reach-state';

const SHOP = 'https://shop.example';

let server: TestServer;
let downloads: string;
let engine: Engine;
let saver: NodeFileSaver;
/** Added to the real time: lets a test skip a retry delay without waiting for it. */
let clockOffset = 0;

beforeEach(async () => {
  server = await startTestServer();
  downloads = await mkdtemp(join(tmpdir(), 'webbits-downloads-'));
  const store = new MemoryJobStore();
  saver = new NodeFileSaver(store, downloads);
  clockOffset = 0;
  engine = new Engine(nodePorts(store, saver, { clockOffset: () => clockOffset }), {
    tuning: { stallTimeoutMs: 2000, connectionRetryDelaysMs: [10, 20, 40], progressIntervalMs: 50 },
  });
  await engine.start();
});

afterEach(async () => {
  await engine.stop();
  await server.close();
  await rm(downloads, { recursive: true, force: true });
});

/** Resolves with the job once it reaches `state` (now or later). */
const reach = (id: string, state: JobState): Promise<JobInfo> => reachState(engine, id, state);

const sha256OnDisk = async (localPath: string | null | undefined) =>
  createHash('sha256')
    .update(await readFile(join(downloads, localPath ?? 'missing')))
    .digest('hex');

describe('job manager with the real transfer', () => {
  it('downloads a two-file job to ACKNOWLEDGED with both files right on disk', async () => {
    const a = server.addFile('/album/01.mp3', { size: 3 * 1024 * 1024 + 17, contentType: 'audio/mpeg' });
    const b = server.addFile('/album/02.mp3', { size: 200_000, contentType: 'audio/mpeg' });
    const job = await engine.createJob(SHOP, {
      displayName: 'Live Album',
      files: [{ url: a.url }, { url: b.url }],
    });
    const done = reach(job.id, 'ACKNOWLEDGED');
    await engine.resume(SHOP, job.id);
    const info = await done;

    expect(info.files.map((f) => f.localPath)).toEqual(['Live Album/01.mp3', 'Live Album/02.mp3']);
    expect(await sha256OnDisk(info.files[0]?.localPath)).toBe(await expectedSha256(a.spec));
    expect(await sha256OnDisk(info.files[1]?.localPath)).toBe(await expectedSha256(b.spec));
    expect(info.progress).toEqual({
      bytesTotal: a.spec.size + b.spec.size,
      bytesTransferred: a.spec.size + b.spec.size,
      filesTotal: 2,
      filesTransferred: 2,
    });
  });

  it('ends a 404 in ERROR with BG_E_HTTP_ERROR_404 and a message naming the file', async () => {
    const job = await engine.createJob(SHOP, {
      displayName: 'Missing',
      files: [{ url: server.url('/nowhere/track.mp3') }],
    });
    const failed = reach(job.id, 'ERROR');
    await engine.resume(SHOP, job.id);
    const info = await failed;
    expect(info.error).toMatchObject({
      code: 'BG_E_HTTP_ERROR_404',
      httpStatus: 404,
      hresult: 0x80190000 + 404,
    });
    expect(info.error?.message).toContain('track.mp3');
  });

  it('turns a 503 burst into TRANSIENT_ERROR, then retries to ACKNOWLEDGED', async () => {
    const file = server.addFile('/busy.bin', { size: 500_000 });
    server.queueFaults(
      '/busy.bin',
      ...Array.from({ length: 20 }, () => ({ kind: 'status' as const, status: 503 })),
    );
    const job = await engine.createJob(SHOP, {
      displayName: 'Busy',
      files: [{ url: file.url }],
      minimumRetryDelay: 5,
    });
    const transient = reach(job.id, 'TRANSIENT_ERROR');
    await engine.resume(SHOP, job.id);
    const waiting = await transient;
    expect(waiting.error?.code).toBe('BG_E_HTTP_ERROR_503');

    // The server recovers; the retry comes due 5 s later, which the clock skips.
    server.clearFaults('/busy.bin');
    const done = reach(job.id, 'ACKNOWLEDGED');
    clockOffset += 5000;
    await engine.wake();
    const info = await done;
    expect(info.error).toBeNull();
    expect(await sha256OnDisk(info.files[0]?.localPath)).toBe(await expectedSha256(file.spec));
  });

  it('suspends mid-file keeping the bytes, and resumes to the right file', async () => {
    const file = server.addFile('/big.bin', { size: 2 * 1024 * 1024 });
    server.setThrottle(512 * 1024, '/big.bin');
    const job = await engine.createJob(SHOP, { displayName: 'Big', files: [{ url: file.url }] });
    const someBytes = new Promise<void>((resolve) => {
      const stop = engine.subscribe((info, kind) => {
        if (info.id === job.id && kind === 'progress' && info.progress.bytesTransferred > 256 * 1024) {
          stop();
          resolve();
        }
      });
    });
    await engine.resume(SHOP, job.id);
    await someBytes;
    const suspended = await engine.suspend(SHOP, job.id);
    expect(suspended.state).toBe('SUSPENDED');
    expect(suspended.progress.bytesTransferred).toBeGreaterThan(0);

    server.setThrottle(null, '/big.bin');
    server.resetStats();
    const done = reach(job.id, 'ACKNOWLEDGED');
    await engine.resume(SHOP, job.id);
    const info = await done;
    expect(await sha256OnDisk(info.files[0]?.localPath)).toBe(await expectedSha256(file.spec));
    // Resumed, not restarted: no request after the resume asked for the start of the file again.
    const gets = server.stats.log.filter((r) => r.method === 'GET' && r.path === '/big.bin');
    expect(gets.length).toBeGreaterThan(0);
    for (const get of gets) expect(get.range).toMatch(/^bytes=[1-9]\d*-/);
  });

  it('lets a foreground job pre-empt a background one, which finishes afterwards', async () => {
    const slow = server.addFile('/slow.bin', { size: 4 * 1024 * 1024 });
    const fast = server.addFile('/fast.bin', { size: 300_000 });
    server.setThrottle(256 * 1024, '/slow.bin');
    const background = await engine.createJob(SHOP, { displayName: 'Slow', files: [{ url: slow.url }] });
    const transferring = reach(background.id, 'TRANSFERRING');
    await engine.resume(SHOP, background.id);
    await transferring;

    const foreground = await engine.createJob(SHOP, {
      displayName: 'Now',
      priority: 'foreground',
      files: [{ url: fast.url }],
    });
    const fgDone = reach(foreground.id, 'ACKNOWLEDGED');
    await engine.resume(SHOP, foreground.id);
    expect(engine.getJob(SHOP, background.id).state).toBe('QUEUED');
    await fgDone;
    // The background job had no slot while the foreground job ran.
    expect(engine.getJob(SHOP, background.id).state).not.toBe('ACKNOWLEDGED');

    server.setThrottle(null, '/slow.bin');
    const info = await reach(background.id, 'ACKNOWLEDGED');
    expect(await sha256OnDisk(info.files[0]?.localPath)).toBe(await expectedSha256(slow.spec));
  });
});
