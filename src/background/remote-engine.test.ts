import { describe, expect, it, vi } from 'vitest';
import type { JobInfo } from '../engine/types';
import { DEFAULT_SETTINGS } from '../engine/types';
import { HOST_NOT_STARTED, type HostMethod } from '../shared/engine-host-api';
import type { HostLink } from './engine-host-link';
import { createRemoteEngine } from './remote-engine';

function job(id: string, state: JobInfo['state'], modified: number, owner = 'user'): JobInfo {
  return {
    id,
    owner,
    type: 'download',
    displayName: id,
    description: '',
    priority: 'normal',
    state,
    progress: { bytesTotal: 10, bytesTransferred: 0, filesTotal: 1, filesTransferred: 0 },
    files: [],
    error: null,
    minimumRetryDelay: 600,
    noProgressTimeout: 1_209_600,
    autoComplete: true,
    times: { created: modified, modified, transferCompleted: null },
    wmp: null,
    collectionId: null,
  } as unknown as JobInfo;
}

/** A link whose host answers from a script; `fresh` makes the next non-init call find a new host. */
function scriptedLink(jobs: JobInfo[]) {
  const calls: HostMethod[] = [];
  let initialised = false;
  const link: HostLink = {
    async call(method, _input) {
      calls.push(method);
      if (method === 'init') {
        initialised = true;
        return { jobs, storage: 'opfs' } as never;
      }
      if (!initialised) throw Object.assign(new Error('new host'), { name: HOST_NOT_STARTED });
      return job('a', 'QUEUED', 5) as never;
    },
    isOpen: async () => true,
    close: async () => undefined,
  };
  return { link, calls, restartHost: () => (initialised = false) };
}

const hooks = { onActiveChange: vi.fn(), onWakeAt: vi.fn() };

describe('createRemoteEngine', () => {
  it('reads jobs from the snapshot, in scope, newest first', async () => {
    const { link } = scriptedLink([
      job('old', 'SUSPENDED', 1),
      job('new', 'QUEUED', 2, 'https://shop.example'),
    ]);
    const engine = createRemoteEngine(link, hooks, DEFAULT_SETTINGS);
    await engine.start();
    expect(engine.listJobs('*').map((j) => j.id)).toEqual(['new', 'old']);
    expect(engine.listJobs('https://shop.example').map((j) => j.id)).toEqual(['new']);
    expect(() => engine.getJob('https://shop.example', 'old')).toThrow(
      expect.objectContaining({ name: 'BG_E_NOT_FOUND' }),
    );
  });

  it('initialises a host started anew, then makes the call again', async () => {
    const { link, calls, restartHost } = scriptedLink([job('a', 'SUSPENDED', 1)]);
    const engine = createRemoteEngine(link, hooks, DEFAULT_SETTINGS);
    await engine.start();
    restartHost();
    const resumed = await engine.resume('*', 'a');
    expect(resumed.state).toBe('QUEUED');
    expect(calls).toEqual(['init', 'resume', 'init', 'resume']);
  });

  it('never lets an event older than what it holds take a job back', async () => {
    const { link } = scriptedLink([job('a', 'TRANSFERRING', 10)]);
    const engine = createRemoteEngine(link, hooks, DEFAULT_SETTINGS);
    await engine.start();
    const seen: string[] = [];
    engine.subscribe((info) => seen.push(info.state));
    engine.deliver({ type: 'job', kind: 'state', job: job('a', 'QUEUED', 9) });
    engine.deliver({ type: 'job', kind: 'state', job: job('a', 'TRANSFERRED', 11) });
    expect(seen).toEqual(['TRANSFERRED']);
    expect(engine.needsHost()).toBe(false);
  });
});
