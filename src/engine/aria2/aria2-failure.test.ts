import { describe, expect, it } from 'vitest';
import { Aria2Error, rpcFailure } from './aria2-error';
import { aria2FailureToJobError } from './aria2-failure';

const HREF = 'http://127.0.0.1:6800/jsonrpc';

describe('aria2FailureToJobError', () => {
  it('makes an unreachable daemon a transient BG_E_CONNECT_FAILURE', () => {
    const down = new Aria2Error(
      'unreachable',
      `aria2 at ${HREF}: cannot be reached: fetch failed (ECONNREFUSED)`,
    );
    expect(aria2FailureToJobError(down, HREF)).toEqual({
      transient: true,
      error: {
        code: 'BG_E_CONNECT_FAILURE',
        hresult: 0x8020002d,
        context: 'transport',
        message: down.message,
        fileIndex: null,
        httpStatus: null,
      },
    });
    const gateway = new Aria2Error('http', 'x', { httpStatus: 502 });
    expect(aria2FailureToJobError(gateway, HREF).transient).toBe(true);
  });

  it('makes a wrong secret a fatal error that names the secret', () => {
    const failure = aria2FailureToJobError(rpcFailure(1, 'Unauthorized'), HREF);
    expect(failure.transient).toBe(false);
    expect(failure.error).toMatchObject({
      code: 'BG_E_ARIA2_ERROR',
      message: `aria2 at ${HREF} refused the secret: check "aria2 secret" in the options`,
    });
  });

  it("keeps aria2's code and message for other errors", () => {
    const failure = aria2FailureToJobError(rpcFailure(1, 'We encountered a problem'), HREF);
    expect(failure).toMatchObject({
      transient: false,
      error: {
        code: 'BG_E_ARIA2_ERROR',
        context: 'unknown',
        message: 'aria2 error 1: We encountered a problem',
      },
    });
    const gone = aria2FailureToJobError(rpcFailure(1, 'GID 2089b05ecca3d829 is not found'), HREF);
    expect(gone.error.message).toBe(
      `aria2 at ${HREF} no longer knows this download (aria2: GID 2089b05ecca3d829 is not found)`,
    );
    expect(
      aria2FailureToJobError(new Aria2Error('http', 'HTTP 404', { httpStatus: 404 }), HREF).transient,
    ).toBe(false);
  });
});
