/**
 * Links that outlive their URL, with the real engine, transfer and fetch against the test server:
 * a signed link that expires and is replaced (setFileUrl), a new link to another file, mirrors
 * taking over from a dying URL, several mirrors at once, and a mirror of the wrong size.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/jobs/engine';
import type { JobInfo, JobState } from '../../src/engine/types';
import { MemoryJobStore } from '../../src/store/memory-store';
import { startTestServer, type TestServer } from '../server';
import { nodePorts } from './node-ports';
import { NodeFileSaver } from './node-saver';
import { reachState } from './support/reach-state';

const SHOP = 'https://shop.example';
const MiB = 1024 * 1024;
const CONNECTIONS = 4;

let server: TestServer;
let downloads: string;
let engine: Engine;
let store: MemoryJobStore;

beforeEach(async () => {
  server = await startTestServer();
  downloads = await mkdtemp(join(tmpdir(), 'webbits-links-'));
  store = new MemoryJobStore();
  engine = newEngine();
  await engine.start();
});

/** An engine over the test's store: a second one stands for the extension after a restart. */
function newEngine(): Engine {
  return new Engine(nodePorts(store, new NodeFileSaver(store, downloads)), {
    tuning: { stallTimeoutMs: 2000, connectionRetryDelaysMs: [10, 20, 40], progressIntervalMs: 50 },
    settings: { connectionsPerFile: CONNECTIONS },
  });
}

afterEach(async () => {
  await engine.stop();
  await server.close();
  await rm(downloads, { recursive: true, force: true });
});

const reach = (id: string, state: JobState): Promise<JobInfo> => reachState(engine, id, state);

/** Resolves once the job has received `fraction` of `size`. */
function reachFraction(id: string, size: number, fraction: number): Promise<void> {
  return new Promise((resolve) => {
    const stop = engine.subscribe((info) => {
      if (info.id === id && info.progress.bytesTransferred >= size * fraction) {
        stop();
        resolve();
      }
    });
  });
}

const sha256OnDisk = async (info: JobInfo) =>
  createHash('sha256')
    .update(await readFile(join(downloads, info.files[0]?.localPath ?? 'missing')))
    .digest('hex');

const sentTo = (path: string): number => server.stats.byPath.get(path)?.bodyBytesSent ?? 0;

describe('setFileUrl (BITS SetRemoteName)', () => {
  it('replaces an expired signed link and keeps the bytes: ERROR 403, new link, resume, right file', async () => {
    const size = 16 * MiB;
    const path = '/signed/track.bin';
    const file = server.addFile(path, { size });
    server.setThrottle(2 * MiB, path);
    const job = await engine.createJob(SHOP, {
      displayName: 'Signed',
      files: [{ url: server.signUrl(path) }],
    });
    const failed = reach(job.id, 'ERROR');
    const at40 = reachFraction(job.id, size, 0.4);
    await engine.resume(SHOP, job.id);
    await at40;
    // The link expires; the CDN cuts what is in flight.
    server.expireSignatures(path);
    server.dropConnections(path);
    const error = await failed;
    expect(error.error).toMatchObject({ code: 'BG_E_HTTP_ERROR_403', httpStatus: 403, fileIndex: 0 });
    const kept = error.progress.bytesTransferred;
    expect(kept).toBeGreaterThanOrEqual(0.4 * size);

    const fresh = server.signUrl(path);
    const changed = await engine.setFileUrl(SHOP, job.id, 0, fresh);
    expect(changed.files[0]?.url).toBe(fresh);
    expect(changed.progress.bytesTransferred).toBe(kept);
    server.setThrottle(null, path);
    const done = reach(job.id, 'ACKNOWLEDGED');
    await engine.resume(SHOP, job.id);
    const info = await done;
    expect(await sha256OnDisk(info)).toBe(await file.sha256());
    expect(info.files[0]?.notices).toBeUndefined();
    // Fetched twice: at most the unwritten tail of each connection (1 MiB chunks).
    console.info(`signed link renewed: ${sentTo(path) - size} bytes fetched again, ${kept} kept at the 403`);
    expect(sentTo(path) - size).toBeLessThanOrEqual(CONNECTIONS * MiB);
    // The stored bytes were not asked for again after the new link.
    const afterChange = server.stats.log
      .filter((r) => r.path === path && r.status === 206)
      .slice(-CONNECTIONS);
    for (const request of afterChange) expect(request.range).not.toMatch(/^bytes=0-/);
  });

  it('starts again from 0 when the new link serves another size, and says so', async () => {
    const old = server.addFile('/old.bin', { size: 6 * MiB });
    const other = server.addFile('/other.bin', { size: 5 * MiB + 123 });
    server.setThrottle(2 * MiB, '/old.bin');
    const job = await engine.createJob(SHOP, { displayName: 'Moved', files: [{ url: old.url }] });
    const some = reachFraction(job.id, old.spec.size, 0.3);
    await engine.resume(SHOP, job.id);
    await some;
    await engine.suspend(SHOP, job.id);
    await engine.setFileUrl(SHOP, job.id, 0, other.url);
    const done = reach(job.id, 'ACKNOWLEDGED');
    await engine.resume(SHOP, job.id);
    const info = await done;
    expect(await sha256OnDisk(info)).toBe(await other.sha256());
    expect(info.files[0]?.bytesTotal).toBe(other.spec.size);
    expect(info.files[0]?.notices?.join(' ')).toMatch(
      new RegExp(
        `^The new link of .*other\\.bin serves ${other.spec.size} bytes, not ${old.spec.size} bytes: the file started again from 0\\.$`,
      ),
    );
    // From 0: the new link's probe asked for the whole file.
    expect(server.stats.log.some((r) => r.path === '/other.bin' && r.range === 'bytes=0-')).toBe(true);
  });

  it('goes on with the new link at once when the job is running', async () => {
    const size = 8 * MiB;
    const a = server.addFile('/a/track.bin', { size });
    const b = server.addFile('/b/track.bin', { size, seed: a.spec.seed });
    server.setThrottle(1 * MiB, '/a/track.bin');
    const job = await engine.createJob(SHOP, { displayName: 'Switch', files: [{ url: a.url }] });
    const some = reachFraction(job.id, size, 0.2);
    await engine.resume(SHOP, job.id);
    await some;
    const done = reach(job.id, 'ACKNOWLEDGED');
    const switched = await engine.setFileUrl(SHOP, job.id, 0, b.url);
    const kept = switched.progress.bytesTransferred;
    expect(kept).toBeGreaterThanOrEqual(0.2 * size);
    const info = await done;
    expect(await sha256OnDisk(info)).toBe(await a.sha256());
    // Same size and the same strong ETag: the bytes stay, the new link sends only the rest.
    expect(info.files[0]?.notices).toBeUndefined();
    expect(sentTo('/b/track.bin')).toBeLessThanOrEqual(size - kept + CONNECTIONS * MiB);
    expect(server.stats.log.some((r) => r.path === '/b/track.bin' && r.range === 'bytes=0-')).toBe(false);
  });
});

describe('setFileUrl across a restart', () => {
  it('keeps the new link, and its check, when the extension restarts before the job goes on', async () => {
    const size = 6 * MiB;
    const path = '/restart/track.bin';
    const file = server.addFile(path, { size });
    server.setThrottle(2 * MiB, path);
    const job = await engine.createJob(SHOP, {
      displayName: 'Restart',
      files: [{ url: server.signUrl(path) }],
    });
    const some = reachFraction(job.id, size, 0.3);
    await engine.resume(SHOP, job.id);
    await some;
    await engine.suspend(SHOP, job.id);
    const fresh = server.signUrl(path);
    const kept = (await engine.setFileUrl(SHOP, job.id, 0, fresh)).progress.bytesTransferred;
    await engine.stop();

    engine = newEngine();
    await engine.start();
    expect(engine.getJob(SHOP, job.id).files[0]?.url).toBe(fresh);
    server.setThrottle(null, path);
    server.resetStats();
    const done = reach(job.id, 'ACKNOWLEDGED');
    await engine.resume(SHOP, job.id);
    const info = await done;
    expect(await sha256OnDisk(info)).toBe(await file.sha256());
    expect(sentTo(path)).toBeLessThanOrEqual(size - kept + CONNECTIONS * MiB);
    // The new link's first answer was checked (asked without If-Range), and nothing from 0.
    const gets = server.stats.log.filter((r) => r.path === path);
    expect(gets[0]?.ifRange).toBeNull();
    expect(gets.some((r) => r.range === 'bytes=0-')).toBe(false);
  });
});

describe('mirrors', () => {
  it('completes from the mirror when the primary resets every connection at 30% and then answers 404', async () => {
    const size = 16 * MiB;
    const primary = server.addFile('/primary/album.zip', { size });
    const mirror = server.addFile('/mirror/album.zip', { size, seed: primary.spec.seed, etag: false });
    const sha256 = await primary.sha256();
    server.setThrottle(2 * MiB);
    const job = await engine.createJob(SHOP, {
      displayName: 'Album',
      files: [{ url: primary.url, mirrors: [mirror.url], sha256 }],
    });
    expect(job.files[0]?.mirrors).toEqual([mirror.url]);
    const at30 = reachFraction(job.id, size, 0.3);
    const done = reach(job.id, 'ACKNOWLEDGED');
    await engine.resume(SHOP, job.id);
    await at30;
    server.removeFile('/primary/album.zip');
    server.dropConnections('/primary/album.zip');
    const info = await done;
    expect(await sha256OnDisk(info)).toBe(sha256);
    // Stored bytes were kept: both together sent the file once, plus what resets cut off.
    const extra = sentTo('/primary/album.zip') + sentTo('/mirror/album.zip') - size;
    console.info(
      `mirror fail-over: ${extra} bytes fetched twice, ${sentTo('/mirror/album.zip')} from the mirror`,
    );
    expect(sentTo('/primary/album.zip')).toBeGreaterThan(0);
    expect(sentTo('/primary/album.zip') + sentTo('/mirror/album.zip') - size).toBeLessThanOrEqual(
      CONNECTIONS * MiB,
    );
    const lastPrimary = server.stats.log.filter((r) => r.path === '/primary/album.zip').slice(-1)[0];
    expect(lastPrimary?.status).toBe(404);
  });

  it('uses two mirrors at once, each within its own limit', async () => {
    const size = 32 * MiB;
    const one = server.addFile('/m1/big.iso', { size });
    // Without an ETag: its requests must carry its own Last-Modified, never the other's ETag.
    const two = server.addFile('/m2/big.iso', { size, seed: one.spec.seed, etag: false });
    server.setThrottle(8 * 1000 * 1000);
    const job = await engine.createJob(SHOP, {
      displayName: 'ISO',
      files: [{ url: one.url, mirrors: [two.url] }],
    });
    const done = reach(job.id, 'ACKNOWLEDGED');
    await engine.resume(SHOP, job.id);
    const info = await done;
    expect(await sha256OnDisk(info)).toBe(await one.sha256());
    expect(sentTo('/m1/big.iso')).toBeGreaterThan(4 * MiB);
    expect(sentTo('/m2/big.iso')).toBeGreaterThan(4 * MiB);
    // Each source's validators stay its own: every If-Range sent to a mirror is that mirror's ETag.
    const etags = new Map<string, Set<string>>();
    for (const r of server.stats.log) {
      if (r.ifRange === null) continue;
      etags.set(r.path, (etags.get(r.path) ?? new Set()).add(r.ifRange));
    }
    const one1 = [...(etags.get('/m1/big.iso') ?? [])];
    const two1 = [...(etags.get('/m2/big.iso') ?? [])];
    expect(one1.every((v) => v.startsWith('"'))).toBe(true);
    expect(two1.length).toBeGreaterThan(0);
    expect(two1.every((v) => v.endsWith('GMT'))).toBe(true);
  });

  it('skips a mirror of the wrong size and names it', async () => {
    const size = 6 * MiB;
    const primary = server.addFile('/p/track.flac', { size });
    const wrong = server.addFile('/wrong/track.flac', { size: size - 1000, seed: primary.spec.seed });
    const right = server.addFile('/right/track.flac', { size, seed: primary.spec.seed });
    server.setThrottle(2 * MiB);
    const job = await engine.createJob(SHOP, {
      displayName: 'Track',
      files: [{ url: primary.url, mirrors: [wrong.url, right.url] }],
    });
    const done = reach(job.id, 'ACKNOWLEDGED');
    // The popup names it while the file still transfers, not only once it is done.
    const named = new Promise<JobInfo>((resolve) => {
      const stop = engine.subscribe((seen) => {
        if (seen.id !== job.id || !seen.files[0]?.notices) return;
        stop();
        resolve(seen);
      });
    });
    await engine.resume(SHOP, job.id);
    expect((await named).state).toBe('TRANSFERRING');
    const info = await done;
    expect(await sha256OnDisk(info)).toBe(await primary.sha256());
    expect(info.files[0]?.notices).toEqual([
      `Mirror ${wrong.url} was skipped: it serves ${size - 1000} bytes, not ${size} bytes.`,
    ]);
    expect(server.stats.log.filter((r) => r.path === '/wrong/track.flac')).toHaveLength(1);
  });
});

describe('hostile input', () => {
  const refusal = async (work: Promise<unknown>) => {
    try {
      await work;
    } catch (err) {
      return err as Error;
    }
    throw new Error('expected a refusal');
  };

  it('refuses 9 mirrors and a mirror that is not http(s), naming the field', async () => {
    const url = server.url('/x.bin');
    const nine = Array.from({ length: 9 }, (_, i) => server.url(`/m${i}.bin`));
    const tooMany = await refusal(
      engine.createJob(SHOP, { displayName: 'x', files: [{ url, mirrors: nine }] }),
    );
    expect(tooMany).toBeInstanceOf(TypeError);
    expect(tooMany.message).toMatch(/^files\[0\]\.mirrors: at most 8/);
    const ftp = await refusal(
      engine.createJob(SHOP, {
        displayName: 'x',
        files: [{ url, mirrors: [server.url('/ok'), 'ftp://a/b'] }],
      }),
    );
    expect(ftp).toBeInstanceOf(TypeError);
    expect(ftp.message).toMatch(/^files\[0\]\.mirrors\[1\]: only http and https/);
    const long = await refusal(
      engine.createJob(SHOP, { displayName: 'x', files: [{ url, mirrors: [`${url}?${'a'.repeat(2200)}`] }] }),
    );
    expect(long.message).toMatch(/^files\[0\]\.mirrors\[0\]: the URL is longer than 2200/);
    const policy = await refusal(
      engine.createJob(SHOP, { displayName: 'x', files: [{ url }], transferPolicy: 'never' as 'always' }),
    );
    expect(policy.message).toMatch(/^transferPolicy:/);
  });

  it('refuses setFileUrl with a bad index or URL, on an ACKNOWLEDGED job, and on a CANCELLED one', async () => {
    const file = server.addFile('/done.bin', { size: 1000 });
    const job = await engine.createJob(SHOP, { displayName: 'Done', files: [{ url: file.url }] });
    for (const index of [1, -1, 0.5, '0' as unknown as number]) {
      const bad = await refusal(engine.setFileUrl(SHOP, job.id, index, file.url));
      expect(bad).toBeInstanceOf(TypeError);
      expect(bad.message).toMatch(/^fileIndex: /);
    }
    const badUrl = await refusal(engine.setFileUrl(SHOP, job.id, 0, 'javascript:alert(1)'));
    expect(badUrl).toBeInstanceOf(TypeError);
    expect(badUrl.message).toMatch(/^url: only http and https/);

    const done = reach(job.id, 'ACKNOWLEDGED');
    await engine.resume(SHOP, job.id);
    await done;
    const acknowledged = await refusal(engine.setFileUrl(SHOP, job.id, 0, server.url('/other.bin')));
    expect(acknowledged).toBeInstanceOf(TypeError);
    expect(acknowledged.message).toMatch(/^fileIndex: the job is ACKNOWLEDGED/);

    const other = await engine.createJob(SHOP, { displayName: 'Gone', files: [{ url: file.url }] });
    await engine.cancel(SHOP, other.id);
    const cancelled = await refusal(engine.setFileUrl(SHOP, other.id, 0, server.url('/other.bin')));
    expect(cancelled.name).toBe('BG_E_INVALID_STATE');
    // Another origin's job does not exist for this one.
    const foreign = await refusal(engine.setFileUrl('https://else.example', job.id, 0, file.url));
    expect(foreign.name).toBe('BG_E_NOT_FOUND');
  });
});

describe('mirrors when the own URL never answers', () => {
  it('probes the next mirror when the own URL fails its probe', async () => {
    const size = 3 * MiB;
    const mirror = server.addFile('/only-mirror/a.bin', { size });
    const job = await engine.createJob(SHOP, {
      displayName: 'Probe',
      files: [{ url: server.url('/gone/a.bin'), mirrors: [mirror.url] }],
    });
    const done = reach(job.id, 'ACKNOWLEDGED');
    await engine.resume(SHOP, job.id);
    const info = await done;
    expect(await sha256OnDisk(info)).toBe(await mirror.sha256());
    expect(server.stats.log.filter((r) => r.path === '/gone/a.bin').every((r) => r.status === 404)).toBe(
      true,
    );
  });

  it('fails with the own URL error when every source fails', async () => {
    const job = await engine.createJob(SHOP, {
      displayName: 'Nowhere',
      files: [{ url: server.url('/gone/b.bin'), mirrors: [server.url('/gone/c.bin')] }],
    });
    const failed = reach(job.id, 'ERROR');
    await engine.resume(SHOP, job.id);
    expect((await failed).error).toMatchObject({ code: 'BG_E_HTTP_ERROR_404', fileIndex: 0 });
  });
});
