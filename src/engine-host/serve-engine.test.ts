import { describe, expect, it } from 'vitest';
import { BitsError } from '../engine/bits-codes';
import type { JobManager } from '../engine/ports';
import { DEFAULT_SETTINGS } from '../engine/types';
import { HOST_CALL_KIND, HOST_NOT_STARTED } from '../shared/engine-host-api';
import { createEngineHost } from './serve-engine';

const STAGED = '6f1c1d8e-2a4b-4c3d-9e5f-0a1b2c3d4e5f';
const upload = {
  owner: 'https://shop.example',
  init: {
    displayName: 'Review',
    type: 'upload',
    files: [{ url: 'https://shop.example/up', data: { staged: STAGED, size: 5, type: '' } }],
  },
  collectionId: null,
};

/** A host whose engine refuses every job; the staged files it discards are listed. */
function host() {
  const discarded: string[] = [];
  const engine = {
    subscribe: () => () => undefined,
    start: async () => undefined,
    updateSettings: () => undefined,
    listJobs: () => [],
    createJob: async () => {
      throw new BitsError('BG_E_INVALID_STATE', 'refused');
    },
  } as unknown as JobManager;
  const served = createEngineHost({
    createEngine: () => engine,
    storage: 'opfs',
    emit: () => undefined,
    listBackingFiles: async () => [],
    flushThread: () => 'flush worker',
    setWriteQuota: () => undefined,
    discardStaged: async (id) => void discarded.push(id),
    stageBlob: async () => 0,
  });
  const call = (method: string, input: unknown) => served.handle({ kind: HOST_CALL_KIND, method, input });
  return { discarded, call };
}

describe('the engine host', () => {
  it('keeps a staged Blob when it is asked to create its job before it was initialised', async () => {
    const { discarded, call } = host();
    const answer = await call('createJob', upload);
    expect(answer).toMatchObject({ ok: false, error: { name: HOST_NOT_STARTED } });
    expect(discarded).toEqual([]);
  });

  it('discards the staged Blob of a job its engine refused', async () => {
    const { discarded, call } = host();
    expect(await call('init', { settings: DEFAULT_SETTINGS })).toMatchObject({ ok: true });
    expect(await call('createJob', upload)).toMatchObject({ ok: false, error: { message: 'refused' } });
    expect(discarded).toEqual([STAGED]);
  });
});
