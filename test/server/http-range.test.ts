import { describe, expect, it } from 'vitest';
import { decideRange, ifRangeHolds } from './http-range';

describe('decideRange', () => {
  it.each([
    ['bytes=0-99', { kind: 'partial', start: 0, end: 99 }],
    ['bytes=100-', { kind: 'partial', start: 100, end: 999 }],
    ['bytes=900-5000', { kind: 'partial', start: 900, end: 999 }],
    ['bytes=-10', { kind: 'partial', start: 990, end: 999 }],
    ['bytes=-5000', { kind: 'partial', start: 0, end: 999 }],
    ['bytes=1000-', { kind: 'unsatisfiable' }],
    ['bytes=-0', { kind: 'unsatisfiable' }],
    ['bytes=0-1,5-9', { kind: 'full' }],
    ['bytes=9-5', { kind: 'full' }],
    ['items=0-1', { kind: 'full' }],
    ['bytes=-', { kind: 'full' }],
  ])('reads %s of a 1000-byte file', (header, decision) => {
    expect(decideRange(header, 1000)).toEqual(decision);
  });

  it('serves the full body without a Range header', () => {
    expect(decideRange(undefined, 1000)).toEqual({ kind: 'full' });
  });

  it('finds no range of an empty file satisfiable', () => {
    expect(decideRange('bytes=0-', 0)).toEqual({ kind: 'unsatisfiable' });
  });
});

describe('ifRangeHolds', () => {
  const etag = '"abc-v1"';
  const date = 'Wed, 01 Jan 2025 00:01:00 GMT';

  it('holds for the current strong ETag or the exact Last-Modified date', () => {
    expect(ifRangeHolds(etag, etag, date)).toBe(true);
    expect(ifRangeHolds(date, etag, date)).toBe(true);
  });

  it('fails for another ETag, a weak one, another date, or a validator the file lacks', () => {
    expect(ifRangeHolds('"abc-v2"', etag, date)).toBe(false);
    expect(ifRangeHolds(`W/${etag}`, etag, date)).toBe(false);
    expect(ifRangeHolds('Wed, 01 Jan 2025 00:02:00 GMT', etag, date)).toBe(false);
    expect(ifRangeHolds(etag, null, date)).toBe(false);
    expect(ifRangeHolds(date, etag, null)).toBe(false);
  });
});
