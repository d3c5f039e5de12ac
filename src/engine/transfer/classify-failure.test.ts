import { describe, expect, it } from 'vitest';
import {
  classifyFailure,
  describeNetworkError,
  isTransientHttpStatus,
  parseRetryAfter,
} from './classify-failure';

const file = { url: 'https://cdn.example/album/01.mp3', name: null, index: 2 };

describe('classifyFailure', () => {
  it.each([408, 409, 425, 429, 500, 502, 503, 504, 599])('HTTP %i is transient and retried', (status) => {
    const result = classifyFailure({ kind: 'http', status, retryAfterMs: null }, file);
    expect(result.transient).toBe(true);
    expect(result.retryInAttempt).toBe(true);
    expect(result.error).toMatchObject({ code: `BG_E_HTTP_ERROR_${status}`, hresult: 0x80190000 + status });
  });

  it.each([400, 401, 403, 404, 410, 416, 501, 505])('HTTP %i is fatal and not retried', (status) => {
    const result = classifyFailure({ kind: 'http', status, retryAfterMs: 5000 }, file);
    expect(result).toMatchObject({ transient: false, retryInAttempt: false, retryAfterMs: null });
    expect(result.error).toMatchObject({ httpStatus: status, context: 'remote-file', fileIndex: 2 });
  });

  it('names the file and the cause in the message', () => {
    const { error } = classifyFailure({ kind: 'http', status: 404, retryAfterMs: null }, file);
    expect(error.hresult).toBe(0x80190194);
    expect(error.message).toBe(
      'Could not download https://cdn.example/album/01.mp3: the server answered HTTP 404 (Not Found).',
    );
    const named = classifyFailure(
      { kind: 'http', status: 404, retryAfterMs: null },
      { ...file, name: 'song.mp3' },
    );
    expect(named.error.message).toContain('song.mp3');
  });

  it('keeps Retry-After for transient statuses', () => {
    expect(classifyFailure({ kind: 'http', status: 503, retryAfterMs: 120_000 }, file).retryAfterMs).toBe(
      120_000,
    );
  });

  it('maps network failures to the BITS transport codes, all transient', () => {
    const refused = classifyFailure({ kind: 'network', phase: 'connect', detail: 'refused' }, file);
    const dns = classifyFailure({ kind: 'network', phase: 'connect', detail: 'dns' }, file);
    const reset = classifyFailure({ kind: 'network', phase: 'body', detail: 'unknown' }, file);
    const stall = classifyFailure({ kind: 'stall', timeoutMs: 30_000 }, file);
    expect(refused.error).toMatchObject({
      code: 'BG_E_CONNECT_FAILURE',
      hresult: 0x8020002d,
      context: 'transport',
    });
    expect(dns.error.code).toBe('BG_E_CONNECT_FAILURE');
    expect(reset.error).toMatchObject({ code: 'BG_E_CONNECTION_CLOSED', hresult: 0x8020002e });
    expect(stall.error).toMatchObject({ code: 'BG_E_NETWORK_DISCONNECTED', hresult: 0x80200010 });
    expect(stall.error.message).toContain('30 s');
    for (const r of [refused, dns, reset, stall])
      expect(r).toMatchObject({ transient: true, retryInAttempt: true });
  });

  it('retries bad responses inside the attempt but makes them fatal when retries run out', () => {
    for (const cause of [
      { kind: 'invalid-response', detail: 'Content-Range "bytes 1-10/10"' } as const,
      { kind: 'short-body', expected: 100, received: 40 } as const,
    ]) {
      const result = classifyFailure(cause, file);
      expect(result).toMatchObject({ transient: false, retryInAttempt: true });
      expect(result.error).toMatchObject({ code: 'BG_E_INVALID_SERVER_RESPONSE', hresult: 0x8020001b });
    }
  });

  it('makes a full disk and a checksum mismatch fatal at once', () => {
    const quota = classifyFailure({ kind: 'quota' }, file);
    expect(quota).toMatchObject({ transient: false, retryInAttempt: false });
    expect(quota.error).toMatchObject({ code: 'BG_E_DISK_FULL', hresult: 0x80070070, context: 'local-file' });
    const checksum = classifyFailure({ kind: 'checksum', expected: 'aa', actual: 'bb' }, file);
    expect(checksum).toMatchObject({ transient: false, retryInAttempt: false });
    expect(checksum.error).toMatchObject({ code: 'BG_E_VALIDATION_FAILED', hresult: 0x80200053 });
  });

  it('agrees with isTransientHttpStatus', () => {
    expect(isTransientHttpStatus(501)).toBe(false);
    expect(isTransientHttpStatus(505)).toBe(false);
    expect(isTransientHttpStatus(429)).toBe(true);
    expect(isTransientHttpStatus(404)).toBe(false);
  });
});

describe('describeNetworkError', () => {
  it('reads the cause code Node puts on fetch errors', () => {
    const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    const reset = Object.assign(new TypeError('terminated'), { cause: { code: 'UND_ERR_SOCKET' } });
    const dns = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ENOTFOUND' } });
    expect(describeNetworkError(refused)).toBe('refused');
    expect(describeNetworkError(reset)).toBe('reset');
    expect(describeNetworkError(dns)).toBe('dns');
    expect(describeNetworkError(new TypeError('Failed to fetch'))).toBe('unknown');
  });
});

describe('parseRetryAfter', () => {
  const now = Date.UTC(2026, 0, 1, 12, 0, 0);
  it('reads delay-seconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
  });
  it('reads an HTTP date, never negative', () => {
    expect(parseRetryAfter('Thu, 01 Jan 2026 12:01:30 GMT', now)).toBe(90_000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 11:00:00 GMT', now)).toBe(0);
  });
  it('ignores a missing or malformed value', () => {
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter('-5', now)).toBeNull();
  });
});
