import { describe, expect, it, vi } from 'vitest';
import type { JobInfo } from '../../engine/types';
import { SHOP, failure, memoryStaging, pageApiSetup } from './page-api-test-support';

const ID = '11111111-2222-4333-8444-555555555555';
const upload = (size: number) => ({
  init: {
    displayName: 'Report',
    type: 'upload',
    files: [{ url: 'https://up.example/r', data: { staged: ID, size, type: '' } }],
  },
});

async function setup() {
  const api = await pageApiSetup();
  const staging = memoryStaging(() => 'abc');
  api.deps.staging = staging;
  return { ...api, staging };
}

describe('staging requests from the bridge', () => {
  it('stage the Blob, and keep it when the job is created', async () => {
    const { call, staging, engine } = await setup();
    await call(SHOP, 'stageBlob', { url: 'blob:chrome-extension://abc/1', staged: ID, size: 3 });
    expect(staging.files.get(ID)).toBe('abc');
    // The engine host takes the staged file over (test/engine/upload.test.ts); here only the
    // reference it is given matters.
    const created = vi
      .spyOn(engine, 'createJob')
      .mockResolvedValue({ id: 'u', collectionId: null } as JobInfo);
    await call(SHOP, 'createJob', upload(3));
    expect(created.mock.calls[0]?.[1].files[0]).toEqual(upload(3).init.files[0]);
    expect(staging.files.has(ID)).toBe(true);
  });

  it('remove a staged file whose size is not what the bridge said', async () => {
    const { call, staging } = await setup();
    const args = { url: 'blob:chrome-extension://abc/1', staged: ID, size: 4 };
    expect(await failure(call(SHOP, 'stageBlob', args))).toEqual({
      name: 'Error',
      message: 'files[0].data: 3 bytes could be read of 4',
    });
    expect(staging.files.size).toBe(0);
  });

  it('remove the staged file when consent is taken back before the job is created', async () => {
    const { call, staging, stored } = await setup();
    await call(SHOP, 'stageBlob', { url: 'blob:chrome-extension://abc/1', staged: ID, size: 3 });
    stored.set(SHOP, 'blocked');
    expect((await failure(call(SHOP, 'createJob', upload(3)))).name).toBe('NotAllowedError');
    expect(staging.files.size).toBe(0);
  });

  it('refuse anything but a blob: URL and a UUID, naming the field', async () => {
    const { call } = await setup();
    expect(
      await failure(call(SHOP, 'stageBlob', { url: 'https://evil.example/', staged: ID, size: 1 })),
    ).toMatchObject({
      name: 'TypeError',
      message: expect.stringMatching(/^url: /),
    });
    expect(
      await failure(call(SHOP, 'stageBlob', { url: 'blob:x', staged: '../backing/1-0.part', size: 1 })),
    ).toMatchObject({ name: 'TypeError', message: expect.stringMatching(/^staged: /) });
  });
});
