import { describe, expect, it } from 'vitest';
import { newFileRecord } from '../jobs/engine-support';
import { aria2JobUpdate } from './aria2-job-update';
import type { Aria2Status } from './aria2-schemas';

const file = newFileRecord('j', 0, { url: 'https://a.example/big.iso', name: 'big.iso', sha256: null });
const running = { state: 'TRANSFERRING' as const, error: null, transferCompleted: null };
const status = (over: Partial<Aria2Status>): Aria2Status => ({
  gid: '2089b05ecca3d829',
  status: 'active',
  totalLength: 1000,
  completedLength: 250,
  downloadSpeed: 100,
  ...over,
});

describe('aria2JobUpdate', () => {
  it('only progress while it keeps running', () => {
    const update = aria2JobUpdate(running, { ...file, bytesTotal: 1000 }, status({}), 5);
    expect(update).toEqual({ job: {}, file: null, bytes: 250 });
  });

  it('the size once aria2 knows it', () => {
    expect(aria2JobUpdate(running, file, status({}), 5).file?.bytesTotal).toBe(1000);
  });

  it("complete: ACKNOWLEDGED with aria2's path, the file whole", () => {
    const files = [
      { index: 1, path: '/srv/dl/big.iso', length: 1000, completedLength: 1000, selected: true, uris: [] },
    ];
    const update = aria2JobUpdate(
      running,
      file,
      status({ status: 'complete', completedLength: 1000, files }),
      9,
    );
    expect(update.job).toMatchObject({ state: 'ACKNOWLEDGED', transferCompleted: 9, retryAt: null });
    expect(update.file).toMatchObject({ completed: true, localPath: '/srv/dl/big.iso', bytesTotal: 1000 });
  });

  it("paused: SUSPENDED; an error: ERROR with aria2's words", () => {
    expect(aria2JobUpdate(running, file, status({ status: 'paused' }), 1).job.state).toBe('SUSPENDED');
    const failed = aria2JobUpdate(
      running,
      file,
      status({
        status: 'error',
        errorCode: 22,
        errorMessage: 'The response status is not successful. status=403',
      }),
      1,
    );
    expect(failed.job.state).toBe('ERROR');
    expect(failed.job.error).toMatchObject({ code: 'BG_E_HTTP_ERROR_403', httpStatus: 403 });
  });

  it('clears an old error once aria2 runs again', () => {
    const waiting = {
      ...running,
      state: 'QUEUED' as const,
      error: { code: 'BG_E_CONNECT_FAILURE' } as never,
    };
    expect(aria2JobUpdate(waiting, file, status({}), 1).job).toMatchObject({
      state: 'TRANSFERRING',
      error: null,
    });
  });
});
