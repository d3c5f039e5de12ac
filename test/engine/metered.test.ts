/**
 * Cost policies with the real engine and transfer against the test server, the connection's cost
 * driven through the network port: unmetered-only jobs wait QUEUED with
 * BG_E_BLOCKED_BY_COST_TRANSFER_POLICY and go on by themselves; foreground jobs never wait.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/jobs/engine';
import type { JobInfo, JobState } from '../../src/engine/types';
import { MemoryJobStore } from '../../src/store/memory-store';
import { startTestServer, type TestServer } from '../server';
import { nodePorts } from './node-ports';
import { NodeFileSaver } from './node-saver';
import { FakeNetwork } from './support/fake-network';
import { reachState } from './support/reach-state';

const SHOP = 'https://shop.example';
const CODE = 'BG_E_BLOCKED_BY_COST_TRANSFER_POLICY';

let server: TestServer;
let downloads: string;
let engine: Engine;
let network: FakeNetwork;

beforeEach(async () => {
  server = await startTestServer();
  downloads = await mkdtemp(join(tmpdir(), 'webbits-metered-'));
  const store = new MemoryJobStore();
  network = new FakeNetwork(true);
  engine = new Engine(
    { ...nodePorts(store, new NodeFileSaver(store, downloads)), network },
    { tuning: { stallTimeoutMs: 2000, connectionRetryDelaysMs: [10, 20, 40], progressIntervalMs: 50 } },
  );
  await engine.start();
});

afterEach(async () => {
  await engine.stop();
  await server.close();
  await rm(downloads, { recursive: true, force: true });
});

const reach = (id: string, state: JobState): Promise<JobInfo> => reachState(engine, id, state);

describe('metered connections', () => {
  it('holds an unmetered job QUEUED with the cost code while a foreground job runs, then lets it finish', async () => {
    const big = server.addFile('/later.bin', { size: 2 * 1024 * 1024 });
    const now = server.addFile('/now.bin', { size: 300_000 });
    const waiting = await engine.createJob(SHOP, {
      displayName: 'Later',
      transferPolicy: 'unmetered',
      files: [{ url: big.url }],
    });
    expect(waiting.transferPolicy).toBe('unmetered');
    const queued = await engine.resume(SHOP, waiting.id);
    expect(queued.state).toBe('QUEUED');
    expect(engine.getJob(SHOP, waiting.id).error).toMatchObject({ code: CODE, hresult: 0x80200059 });

    const foreground = await engine.createJob(SHOP, {
      displayName: 'Now',
      priority: 'foreground',
      files: [{ url: now.url }],
    });
    const fgDone = reach(foreground.id, 'ACKNOWLEDGED');
    await engine.resume(SHOP, foreground.id);
    await fgDone;
    const still = engine.getJob(SHOP, waiting.id);
    expect(still.state).toBe('QUEUED');
    expect(still.error?.code).toBe(CODE);
    expect(server.stats.log.filter((r) => r.path === '/later.bin')).toHaveLength(0);

    const done = reach(waiting.id, 'ACKNOWLEDGED');
    network.set(false);
    const info = await done;
    expect(info.error).toBeNull();
    expect(info.progress.bytesTransferred).toBe(big.spec.size);
  });

  it('stops a running unmetered job when the connection becomes metered, keeping its bytes', async () => {
    network.set(false);
    const file = server.addFile('/slow.bin', { size: 4 * 1024 * 1024 });
    server.setThrottle(1024 * 1024, '/slow.bin');
    const job = await engine.createJob(SHOP, {
      displayName: 'Slow',
      transferPolicy: 'unmetered',
      files: [{ url: file.url }],
    });
    const transferring = reach(job.id, 'TRANSFERRING');
    await engine.resume(SHOP, job.id);
    await transferring;
    const held = reach(job.id, 'QUEUED');
    network.set(true);
    const info = await held;
    expect(info.error?.code).toBe(CODE);
    server.setThrottle(null, '/slow.bin');
    const done = reach(job.id, 'ACKNOWLEDGED');
    network.set(false);
    await done;
    const gets = server.stats.log.filter((r) => r.path === '/slow.bin' && r.range === 'bytes=0-');
    expect(gets).toHaveLength(1);
  });

  it('holds background jobs of "user" with "Pause background jobs on metered connections", not without', async () => {
    const file = server.addFile('/user.bin', { size: 100_000 });
    const job = await engine.createJob('user', { displayName: 'Mine', files: [{ url: file.url }] });
    engine.updateSettings({ pauseBackgroundOnMetered: true });
    await engine.resume('user', job.id);
    expect(engine.getJob('user', job.id)).toMatchObject({ state: 'QUEUED', error: { code: CODE } });
    const done = reach(job.id, 'ACKNOWLEDGED');
    engine.updateSettings({ pauseBackgroundOnMetered: false });
    await done;
  });
});
