/** How to answer a request's Range header (RFC 9110 §14), single ranges only. */
export type RangeDecision =
  /** No Range, or one we ignore (several ranges, malformed): 200 with the full body. */
  | { kind: 'full' }
  /** 206 with bytes start..end (end inclusive). */
  | { kind: 'partial'; start: number; end: number }
  /** 416 with `Content-Range: bytes *\/total`. */
  | { kind: 'unsatisfiable' };

const SINGLE_RANGE = /^bytes=(\d*)-(\d*)$/;

export function decideRange(header: string | undefined, total: number): RangeDecision {
  if (header === undefined) return { kind: 'full' };
  const match = SINGLE_RANGE.exec(header.trim());
  if (!match) return { kind: 'full' };
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return { kind: 'full' };
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || total === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Math.max(0, total - suffix), end: total - 1 };
  }
  const start = Number(first);
  if (last !== '' && Number(last) < start) return { kind: 'full' };
  if (start >= total) return { kind: 'unsatisfiable' };
  const end = last === '' ? total - 1 : Math.min(Number(last), total - 1);
  return { kind: 'partial', start, end };
}

/**
 * Whether an If-Range validator still names the current representation: an entity tag must be
 * strongly equal to the ETag (a weak one never is), a date must equal Last-Modified exactly.
 */
export function ifRangeHolds(ifRange: string, etag: string | null, lastModified: string | null): boolean {
  const validator = ifRange.trim();
  if (validator.startsWith('W/')) return false;
  if (validator.startsWith('"')) return etag !== null && validator === etag;
  return lastModified !== null && validator === lastModified;
}
