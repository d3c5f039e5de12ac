import { describe, expect, it } from 'vitest';
import type { Aria2Status } from './aria2-schemas';
import { aria2StatusToJob, httpStatusOf } from './status-to-job';

const GID = '2089b05ecca3d829';
const file = (path: string) => ({
  index: 1,
  path,
  length: 100,
  completedLength: 40,
  selected: true,
  uris: [{ uri: 'http://example.org/big.iso', status: 'used' as const }],
});
const status = (fields: Partial<Aria2Status>): Aria2Status => ({
  gid: GID,
  status: 'active',
  totalLength: 100,
  completedLength: 40,
  downloadSpeed: 2000,
  files: [file('/downloads/big.iso')],
  ...fields,
});

describe('aria2StatusToJob', () => {
  it.each([
    ['waiting', 'QUEUED'],
    ['active', 'TRANSFERRING'],
    ['paused', 'SUSPENDED'],
    ['complete', 'ACKNOWLEDGED'],
    ['removed', 'CANCELLED'],
    ['error', 'ERROR'],
  ] as const)('maps %s to %s', (aria2, state) => {
    expect(aria2StatusToJob(status({ status: aria2 })).state).toBe(state);
  });

  it('takes progress and speed from aria2 while active', () => {
    expect(aria2StatusToJob(status({}))).toEqual({
      state: 'TRANSFERRING',
      bytesTransferred: 40,
      bytesTotal: 100,
      speed: 2000,
      localPath: null,
      error: null,
    });
  });

  it("gives aria2's path once complete, and no speed when not active", () => {
    const done = aria2StatusToJob(status({ status: 'complete', completedLength: 100, downloadSpeed: 0 }));
    expect(done).toMatchObject({
      bytesTransferred: 100,
      bytesTotal: 100,
      speed: 0,
      localPath: '/downloads/big.iso',
    });
    expect(aria2StatusToJob(status({ status: 'paused', downloadSpeed: 7 })).speed).toBe(0);
  });

  it('treats a total of 0 as unknown, except for a complete empty file', () => {
    expect(aria2StatusToJob(status({ totalLength: 0, completedLength: 0 })).bytesTotal).toBeNull();
    expect(
      aria2StatusToJob(status({ status: 'complete', totalLength: 0, completedLength: 0 })).bytesTotal,
    ).toBe(0);
    expect(aria2StatusToJob({ gid: GID, status: 'waiting' })).toEqual({
      state: 'QUEUED',
      bytesTransferred: 0,
      bytesTotal: null,
      speed: 0,
      localPath: null,
      error: null,
    });
  });

  it('turns the HTTP status aria2 names into BG_E_HTTP_ERROR_nnn', () => {
    const failed = (errorCode: number, errorMessage: string) =>
      aria2StatusToJob(status({ status: 'error', errorCode, errorMessage, files: [file('')] })).error;
    expect(failed(22, 'The response status is not successful. status=403')).toEqual({
      code: 'BG_E_HTTP_ERROR_403',
      hresult: 0x80190000 + 403,
      context: 'remote-file',
      message:
        'http://example.org/big.iso: the server answered HTTP 403 (aria2 error 22: The response status is not successful. status=403)',
      fileIndex: null,
      httpStatus: 403,
    });
    expect(failed(3, 'Resource not found')).toMatchObject({ code: 'BG_E_HTTP_ERROR_404', httpStatus: 404 });
    expect(failed(24, 'Authorization failed.')).toMatchObject({ code: 'BG_E_HTTP_ERROR_401' });
    expect(failed(29, 'The response status is not successful. status=503')).toMatchObject({
      code: 'BG_E_HTTP_ERROR_503',
    });
  });

  it("is BG_E_ARIA2_ERROR with aria2's code and message otherwise", () => {
    const error = aria2StatusToJob(
      status({ status: 'error', errorCode: 9, errorMessage: 'No space left on device' }),
    ).error;
    expect(error).toEqual({
      code: 'BG_E_ARIA2_ERROR',
      hresult: 0x80004005,
      context: 'local-file',
      message: '"big.iso": aria2 error 9: No space left on device',
      fileIndex: null,
      httpStatus: null,
    });
    const refused = status({
      status: 'error',
      errorCode: 1,
      errorMessage: 'Failed to establish connection, cause: Connection refused',
      files: [],
    });
    expect(aria2StatusToJob(refused).error).toMatchObject({
      code: 'BG_E_ARIA2_ERROR',
      context: 'unknown',
      message: `aria2 download ${GID}: aria2 error 1: Failed to establish connection, cause: Connection refused`,
    });
    expect(
      aria2StatusToJob(status({ status: 'error', errorCode: 6, errorMessage: 'x' })).error?.context,
    ).toBe('transport');
  });
});

describe('httpStatusOf', () => {
  it('reads status=nnn only for error statuses', () => {
    expect(httpStatusOf(22, 'Got 302 status, but no location header provided.')).toBeNull();
    expect(httpStatusOf(22, 'The response status is not successful. status=304')).toBeNull();
    expect(httpStatusOf(22, 'status=410')).toBe(410);
    expect(httpStatusOf(1, 'unknown')).toBeNull();
  });
});
