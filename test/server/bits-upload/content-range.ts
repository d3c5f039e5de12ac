/** A fragment's place in the upload: bytes start..end (inclusive) of total. */
export interface FragmentRange {
  start: number;
  end: number;
  total: number;
}

// The Fragment page writes "Bytes range/total-length"; the BITS client sends "bytes 0-4891/4892"
// (MC-BUP 4.1). RFC 2616 §14.16 makes the unit case-insensitive, so both are taken.
const CONTENT_RANGE = /^bytes[ \t]+(\d{1,15})-(\d{1,15})\/(\d{1,15})$/i;

/**
 * Parses a Fragment's Content-Range; null when it is malformed or breaks RFC 2616 §14.16
 * (end before start, end at or past the total). `bytes *\/total` names no bytes, so it is no fragment.
 */
export function parseFragmentRange(value: string | undefined): FragmentRange | null {
  if (value === undefined) return null;
  const match = CONTENT_RANGE.exec(value.trim());
  if (!match) return null;
  const [start, end, total] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (end < start || end >= total) return null;
  return { start, end, total };
}
