/**
 * The job manager handing jobs to a real aria2c (job-model.md "Hand-off to aria2"), in Node: the
 * engine with a memory store, the test server as the site, aria2 over HTTP and over WebSocket.
 * What is checked is what a person sees: the job's state and file, aria2's own status, and the
 * sha256 of the file aria2 saved.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/engine/jobs/engine';
import { createAria2Client, type Aria2Client } from '../../../src/engine/aria2/aria2-client';
import type { JobInfo, JobState } from '../../../src/engine/types';
import { MemoryJobStore } from '../../../src/store/memory-store';
import { startTestServer, type TestServer } from '../../server';
import { nodePorts } from '../node-ports';
import { NodeFileSaver } from '../node-saver';
import { nodeAria2Ports, startAria2Daemon, type Aria2Daemon } from './aria2-daemon';
import { NodeWebSocket } from './node-websocket';
import { waitFor } from './wait-for';

const COOKIE = 'member=7c1e-logged-in';
const REFERER = 'https://site.example/members/files.html';
const MiB = 1024 * 1024;

let server: TestServer;
let daemon: Aria2Daemon;
let aria2: Aria2Client;
let engine: Engine;
let clockOffset = 0;

beforeAll(async () => {
  server = await startTestServer();
  daemon = await startAria2Daemon({ session: true });
  aria2 = createAria2Client({ address: daemon.httpAddress, secret: daemon.secret }, nodeAria2Ports());
});
afterAll(async () => {
  aria2?.close();
  await daemon?.stop();
  await server?.close();
});
afterEach(async () => {
  await engine?.stop();
  server.setThrottle(null);
});

function startEngine(address: string): Promise<void> {
  const store = new MemoryJobStore();
  clockOffset = 0;
  engine = new Engine(
    {
      ...nodePorts(store, new NodeFileSaver(store, '/nonexistent'), { clockOffset: () => clockOffset }),
      WebSocket: NodeWebSocket,
    },
    { settings: { aria2Address: address, aria2Secret: daemon.secret }, tuning: { progressIntervalMs: 50 } },
  );
  return engine.start();
}

function reach(id: string, states: readonly JobState[], ms = 20_000): Promise<JobInfo> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`job still ${engine.getJob('*', id).state}, not ${states.join('/')}`));
    }, ms);
    const check = (info: JobInfo) => {
      if (info.id !== id || !states.includes(info.state)) return;
      clearTimeout(timer);
      stop();
      resolve(info);
    };
    const stop = engine.subscribe(check);
    check(engine.getJob('*', id));
  });
}

async function userJob(path: string, size: number): Promise<{ job: JobInfo; sha256: string }> {
  const file = server.addFile(path, { size });
  const job = await engine.createJob('user', {
    displayName: path,
    files: [{ url: file.url, name: path.split('/').at(-1) ?? 'file.bin' }],
    referrer: REFERER,
    // Saved by the browser only when it stays there (the last test); aria2 saves its own.
    autoComplete: false,
  });
  return { job, sha256: await file.sha256() };
}

const sha256Of = async (path: string) =>
  createHash('sha256')
    .update(await readFile(path))
    .digest('hex');
const gidOf = (id: string): string => engine.getJob('*', id).aria2?.gid ?? 'none';

describe.each([
  ['HTTP', (d: Aria2Daemon) => d.httpAddress],
  ['WebSocket', (d: Aria2Daemon) => d.wsAddress],
])('over %s', (_name, addressOf) => {
  it('hands a job off with its cookie, Referer and name; aria2 saves it and the job says where', async () => {
    await startEngine(addressOf(daemon));
    const { job, sha256 } = await userJob(`/members/${_name}-album.bin`, 3 * MiB);
    const handed = await engine.handOff('*', job.id, { cookies: [COOKIE] });
    expect(handed.state).toBe('QUEUED');
    expect(handed.aria2?.address).toBe(addressOf(daemon));
    expect(handed.aria2?.gid).toMatch(/^[0-9a-f]{16}$/);

    const done = await reach(job.id, ['ACKNOWLEDGED', 'ERROR']);
    expect(done.error).toBeNull();
    expect(done.state).toBe('ACKNOWLEDGED');
    expect(done.files[0]?.localPath).toBe(`${daemon.dir}/${_name}-album.bin`);
    expect(done.progress).toMatchObject({
      bytesTransferred: 3 * MiB,
      bytesTotal: 3 * MiB,
      filesTransferred: 1,
    });
    expect(await sha256Of(done.files[0]?.localPath ?? '')).toBe(sha256);
    const requests = server.stats.log.filter((entry) => entry.path === `/members/${_name}-album.bin`);
    expect(requests.length).toBeGreaterThan(0);
    for (const request of requests) {
      expect(request.cookie).toBe(COOKIE);
      expect(request.referer).toBe(REFERER);
    }
  });

  it('pause, resume and cancel act on aria2', async () => {
    await startEngine(addressOf(daemon));
    server.setThrottle(256 * 1024);
    const { job } = await userJob(`/files/${_name}-controls.bin`, 8 * MiB);
    await engine.handOff('*', job.id, { cookies: [null] });
    await reach(job.id, ['TRANSFERRING']);
    const gid = gidOf(job.id);

    expect((await engine.suspend('*', job.id)).state).toBe('SUSPENDED');
    expect((await aria2.tellStatus(gid)).status).toBe('paused');

    await engine.resume('*', job.id);
    await reach(job.id, ['TRANSFERRING']);
    expect(['active', 'waiting']).toContain((await aria2.tellStatus(gid)).status);

    expect((await engine.cancel('*', job.id)).state).toBe('CANCELLED');
    // Gone: removed, and its result forgotten.
    const gone = await waitFor(
      () =>
        aria2.tellStatus(gid).then(
          (s) => s.status as string,
          (error: Error) => error.message,
        ),
      (value) => value !== 'active' && value !== 'paused' && value !== 'waiting',
    );
    expect(['removed', `aria2: GID ${gid} is not found`]).toContain(gone);
  });
});

it('an aria2 stopped mid-transfer is a transient error; started again with its session, the job goes on', async () => {
  await startEngine(daemon.httpAddress);
  server.setThrottle(512 * 1024);
  const { job, sha256 } = await userJob('/files/restart.bin', 6 * MiB);
  await engine.handOff('*', job.id, { cookies: [null] });
  await reach(job.id, ['TRANSFERRING']);
  const gid = gidOf(job.id);
  await waitFor(
    async () => engine.getJob('*', job.id).progress.bytesTransferred,
    (bytes) => bytes > 0,
  );

  await daemon.halt();
  const failed = await reach(job.id, ['TRANSIENT_ERROR', 'ERROR']);
  expect(failed.state).toBe('TRANSIENT_ERROR');
  expect(failed.error?.code).toBe('BG_E_CONNECT_FAILURE');

  await daemon.restart();
  server.setThrottle(null);
  // The retry delay (60 s) passes.
  clockOffset += 61_000;
  await engine.wake();
  const done = await reach(job.id, ['ACKNOWLEDGED', 'ERROR']);
  expect(done.state).toBe('ACKNOWLEDGED');
  expect(engine.getJob('*', job.id).aria2?.gid).toBe(gid);
  expect(await sha256Of(done.files[0]?.localPath ?? '')).toBe(sha256);
});

it('a wrong secret is an ERROR that names the secret', async () => {
  await startEngine(daemon.httpAddress);
  server.setThrottle(128 * 1024);
  const { job } = await userJob('/files/secret.bin', 4 * MiB);
  await engine.handOff('*', job.id, { cookies: [null] });
  await reach(job.id, ['TRANSFERRING']);
  engine.updateSettings({ aria2Secret: 'not-the-secret' });
  const failed = await reach(job.id, ['ERROR']);
  expect(failed.error?.code).toBe('BG_E_ARIA2_ERROR');
  expect(failed.error?.message).toContain('aria2 secret');
  // The right secret again, and Retry: it follows the download once more.
  engine.updateSettings({ aria2Secret: daemon.secret });
  server.setThrottle(null);
  await engine.resume('*', job.id);
  expect((await reach(job.id, ['ACKNOWLEDGED', 'ERROR'])).state).toBe('ACKNOWLEDGED');
});

it('a job handed to an address no longer configured is not followed with the new secret', async () => {
  await startEngine(daemon.httpAddress);
  server.setThrottle(128 * 1024);
  const { job } = await userJob('/files/moved.bin', 4 * MiB);
  await engine.handOff('*', job.id, { cookies: [null] });
  await reach(job.id, ['TRANSFERRING']);
  engine.updateSettings({ aria2Address: 'http://127.0.0.1:1/jsonrpc' });
  const failed = await reach(job.id, ['ERROR']);
  expect(failed.error?.message).toContain('no longer the "aria2 RPC address"');
  await aria2.remove(gidOf(job.id));
});

it('two hand-offs of one job at once make one download in aria2', async () => {
  await startEngine(daemon.httpAddress);
  const { job } = await userJob('/files/twice.bin', 1024);
  const results = await Promise.allSettled([
    engine.handOff('*', job.id, { cookies: [null] }),
    engine.handOff('*', job.id, { cookies: [null] }),
  ]);
  expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
  await reach(job.id, ['ACKNOWLEDGED']);
  // One download: the file was asked for once.
  expect(server.stats.log.filter((entry) => entry.path === '/files/twice.bin')).toHaveLength(1);
});

it('only downloads the person started go to aria2', async () => {
  await startEngine(daemon.httpAddress);
  const file = server.addFile('/files/page.bin', { size: 1024 });
  const pageJob = await engine.createJob('https://shop.example', {
    displayName: 'A page job',
    files: [{ url: file.url }],
  });
  await expect(engine.handOff('*', pageJob.id, { cookies: [null] })).rejects.toThrow(
    /only downloads you started/,
  );
  expect(engine.getJob('*', pageJob.id).aria2).toBeUndefined();
});

it('an unreachable aria2 at hand-off leaves the job in the browser, with the reason', async () => {
  await startEngine('http://127.0.0.1:1/jsonrpc');
  const { job } = await userJob('/files/unreachable.bin', 1024);
  await expect(engine.handOff('*', job.id, { cookies: [COOKIE] })).rejects.toThrow(/aria2/);
  const after = engine.getJob('*', job.id);
  expect(after.aria2).toBeUndefined();
  expect(after.state).toBe('SUSPENDED');
  // It still downloads in the browser.
  await engine.resume('*', job.id);
  expect((await reach(job.id, ['TRANSFERRED', 'ERROR'])).state).toBe('TRANSFERRED');
});
