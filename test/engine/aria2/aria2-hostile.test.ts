/**
 * Something that is not a well-behaved aria2 at the configured address (job-model.md "Hand-off to
 * aria2", issue's "Security"): wrong types, huge numbers, another download's gid, an unknown gid.
 * The job it follows ends in ERROR with a message; the engine goes on serving every other job.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { Engine } from '../../../src/engine/jobs/engine';
import type { JobInfo, JobState } from '../../../src/engine/types';
import { MemoryJobStore } from '../../../src/store/memory-store';
import { nodePorts } from '../node-ports';
import { NodeFileSaver } from '../node-saver';
import { reachState } from '../support/reach-state';

const GID = '2089b05ecca3d829';
let statusAnswer: unknown = null;
let rpc: Server;
let address = '';
let engine: Engine;

beforeAll(async () => {
  rpc = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const request = JSON.parse(body) as { id: number; method: string };
      const answer =
        request.method === 'aria2.addUri'
          ? { jsonrpc: '2.0', id: request.id, result: GID }
          : request.method === 'aria2.tellStatus'
            ? { jsonrpc: '2.0', id: request.id, ...(statusAnswer as object) }
            : { jsonrpc: '2.0', id: request.id, result: 'OK' };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => rpc.listen(0, '127.0.0.1', resolve));
  address = `http://127.0.0.1:${(rpc.address() as AddressInfo).port}/jsonrpc`;
});
afterAll(() => new Promise<void>((resolve) => rpc.close(() => resolve())));
afterEach(() => engine?.stop());

const reach = (id: string, states: readonly JobState[]): Promise<JobInfo> => reachState(engine, id, states);

async function handedOffJob(onFollowingChange?: (following: boolean) => void): Promise<JobInfo> {
  const store = new MemoryJobStore();
  const ports = nodePorts(store, new NodeFileSaver(store, '/nonexistent'));
  engine = new Engine(onFollowingChange ? { ...ports, onFollowingChange } : ports, {
    settings: { aria2Address: address, aria2Secret: 's' },
  });
  await engine.start();
  const job = await engine.createJob('user', {
    displayName: 'Big file',
    files: [{ url: 'http://127.0.0.1:9/big.bin', name: 'big.bin' }],
  });
  return engine.handOff('*', job.id, { cookies: [null] });
}

const active = { gid: GID, status: 'active', totalLength: '100', completedLength: '10', downloadSpeed: '5' };

it.each([
  ['a number where aria2 sends a string', { result: { ...active, completedLength: 10 } }, 'completedLength'],
  ['a count above 2^53', { result: { ...active, totalLength: '99999999999999999999' } }, 'totalLength'],
  ['an unknown status', { result: { ...active, status: 'exploded' } }, 'status'],
  ['another download', { result: { ...active, gid: 'ffffffffffffffff' } }, 'ffffffffffffffff'],
  [
    'a gid aria2 does not know',
    { error: { code: 1, message: `GID ${GID} is not found` } },
    'no longer knows',
  ],
  ['not JSON-RPC at all', { result: '<html>' }, 'result'],
])('%s: the job is in ERROR and the engine carries on', async (_name, answer, named) => {
  statusAnswer = answer;
  const job = await handedOffJob();
  const failed = await reach(job.id, ['ERROR']);
  expect(failed.error?.code).toBe('BG_E_ARIA2_ERROR');
  expect(failed.error?.message).toContain(named);
  // The engine still answers and takes new jobs.
  const next = await engine.createJob('user', {
    displayName: 'next',
    files: [{ url: 'http://127.0.0.1:9/x' }],
  });
  expect(engine.listJobs('*').map((j) => j.id)).toContain(next.id);
});

it('more bytes done than the total shows 100 %, not more', async () => {
  statusAnswer = { result: { ...active, completedLength: '500' } };
  const job = await handedOffJob();
  const running = await reach(job.id, ['TRANSFERRING']);
  expect(running.progress.bytesTransferred).toBe(100);
  expect(running.progress.bytesTotal).toBe(100);
});

it('a path longer than any file system allows is not taken as the saved file', async () => {
  const files = [
    {
      index: '1',
      path: `/${'x'.repeat(10_000)}`,
      length: '100',
      completedLength: '100',
      selected: 'true',
      uris: [],
    },
  ];
  statusAnswer = { result: { ...active, status: 'complete', completedLength: '100', files } };
  const job = await handedOffJob();
  const done = await reach(job.id, ['ACKNOWLEDGED']);
  expect(done.files[0]?.localPath).toBeNull();
  expect(done.files[0]?.completed).toBe(true);
});

it('tells the host while it follows a download, and when it no longer does', async () => {
  const calls: boolean[] = [];
  statusAnswer = { result: active };
  const job = await handedOffJob((following) => calls.push(following));
  await reach(job.id, ['TRANSFERRING']);
  expect(calls).toEqual([true]);
  statusAnswer = { result: { ...active, status: 'complete', completedLength: '100' } };
  await reach(job.id, ['ACKNOWLEDGED']);
  await new Promise<void>((resolve) => {
    const check = () => (calls.length === 2 ? resolve() : setTimeout(check, 20));
    check();
  });
  expect(calls).toEqual([true, false]);
});
