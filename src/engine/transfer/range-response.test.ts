import { describe, expect, it } from 'vitest';
import { checkProbeResponse, checkSegmentResponse, ifRangeValue, parseContentRange } from './range-response';

const headers = (values: Record<string, string>) => new Headers(values);
const known = { size: 1000, etag: '"v1"', lastModified: 'Tue, 01 Sep 2026 10:00:00 GMT' };

describe('parseContentRange', () => {
  it('reads a range with a total, an unknown total, and an unsatisfied range', () => {
    expect(parseContentRange('bytes 0-499/1000')).toEqual({ start: 0, end: 499, total: 1000 });
    expect(parseContentRange('bytes 10-19/*')).toEqual({ start: 10, end: 19, total: null });
    expect(parseContentRange('bytes */1000')).toEqual({ start: null, end: null, total: 1000 });
  });
  it('rejects malformed and impossible ranges', () => {
    for (const bad of [
      null,
      '',
      'bytes 5-4/10',
      'bytes 0-10/10',
      'items 0-1/2',
      'bytes */*',
      'bytes 0-/10',
    ]) {
      expect(parseContentRange(bad)).toBeNull();
    }
  });
});

describe('ifRangeValue', () => {
  it('prefers a strong ETag, else Last-Modified', () => {
    expect(ifRangeValue({ etag: '"v1"', lastModified: 'x' })).toBe('"v1"');
    expect(ifRangeValue({ etag: 'W/"v1"', lastModified: 'x' })).toBe('x');
    expect(ifRangeValue({ etag: null, lastModified: null })).toBeNull();
  });
});

describe('checkProbeResponse', () => {
  it('learns size, validators and range support from a 206', () => {
    const verdict = checkProbeResponse(
      206,
      headers({
        'content-range': 'bytes 0-999/1000',
        etag: '"v1"',
        'last-modified': known.lastModified,
        'content-type': 'audio/mpeg',
        'content-disposition': 'attachment; filename="a.mp3"',
      }),
    );
    expect(verdict).toEqual({
      kind: 'ok',
      bodyEnd: 1000,
      facts: {
        size: 1000,
        resumable: true,
        etag: '"v1"',
        lastModified: known.lastModified,
        contentType: 'audio/mpeg',
        contentDisposition: 'attachment; filename="a.mp3"',
      },
    });
  });
  it('treats a 200 as a single stream, sized by an unencoded Content-Length', () => {
    const plain = checkProbeResponse(200, headers({ 'content-length': '1000' }));
    expect(plain).toMatchObject({ kind: 'ok', bodyEnd: 1000, facts: { size: 1000, resumable: false } });
    const gzip = checkProbeResponse(200, headers({ 'content-length': '300', 'content-encoding': 'gzip' }));
    expect(gzip).toMatchObject({ kind: 'ok', bodyEnd: null, facts: { size: null, resumable: false } });
  });
  it('accepts an empty file answered with 416 */0', () => {
    expect(checkProbeResponse(416, headers({ 'content-range': 'bytes */0' }))).toMatchObject({
      kind: 'ok',
      facts: { size: 0 },
    });
  });
  it('rejects a 206 that does not start at 0 or has no total, and passes HTTP errors on', () => {
    expect(checkProbeResponse(206, headers({ 'content-range': 'bytes 1-999/1000' })).kind).toBe('invalid');
    expect(checkProbeResponse(206, headers({ 'content-range': 'bytes 0-9/*' })).kind).toBe('invalid');
    expect(checkProbeResponse(206, headers({})).kind).toBe('invalid');
    expect(checkProbeResponse(416, headers({ 'content-range': 'bytes */1000' }))).toEqual({
      kind: 'http-error',
      status: 416,
    });
    expect(checkProbeResponse(404, headers({}))).toEqual({ kind: 'http-error', status: 404 });
    expect(checkProbeResponse(204, headers({})).kind).toBe('invalid');
  });
});

describe('checkSegmentResponse', () => {
  const request = { pos: 500, end: 1000 };
  const ok206 = (range: string, extra: Record<string, string> = {}) =>
    checkSegmentResponse(206, headers({ 'content-range': range, etag: '"v1"', ...extra }), request, known);

  it('accepts the asked range, or less of it', () => {
    expect(ok206('bytes 500-999/1000')).toEqual({ kind: 'ok', bodyStart: 500, bodyEnd: 1000 });
    expect(ok206('bytes 500-699/1000')).toEqual({ kind: 'ok', bodyStart: 500, bodyEnd: 700 });
  });
  it('rejects other bytes or a contradicting total as an invalid response', () => {
    expect(ok206('bytes 501-999/1000').kind).toBe('invalid');
    expect(ok206('bytes 400-999/1000').kind).toBe('invalid');
    expect(ok206('bytes 500-999/2000').kind).toBe('invalid');
    expect(ok206('garbage').kind).toBe('invalid');
  });
  it('sees a changed file in a 200, a new ETag, a new Last-Modified or a new size', () => {
    expect(checkSegmentResponse(200, headers({}), request, known).kind).toBe('changed');
    expect(ok206('bytes 500-999/1000', { etag: '"v2"' }).kind).toBe('changed');
    const noEtag = checkSegmentResponse(
      206,
      headers({ 'content-range': 'bytes 500-999/1000', 'last-modified': 'Wed, 02 Sep 2026 10:00:00 GMT' }),
      request,
      known,
    );
    expect(noEtag.kind).toBe('changed');
    const resized = checkSegmentResponse(
      206,
      headers({ 'content-range': 'bytes 500-999/1200' }),
      request,
      known,
    );
    expect(resized.kind).toBe('changed');
    const shrunk = checkSegmentResponse(416, headers({ 'content-range': 'bytes */400' }), request, known);
    expect(shrunk.kind).toBe('changed');
  });
  it('passes HTTP errors on', () => {
    expect(checkSegmentResponse(503, headers({}), request, known)).toEqual({
      kind: 'http-error',
      status: 503,
    });
  });
});
