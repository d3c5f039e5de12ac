/**
 * How a file's byte ranges are shared between connections (aria2's way): each segment is leased
 * to one connection; a connection with nothing to do takes an unleased unfinished segment, else
 * splits the largest remaining range of a running one in half. Pure.
 */

export interface SegmentSpan {
  start: number;
  /** Exclusive. */
  end: number;
  /** Bytes [start, pos) are received. */
  pos: number;
}

/** A file of known size starts as one segment; other connections join by splitting it. */
export function initialSegments(size: number): SegmentSpan[] {
  return [{ start: 0, end: size, pos: 0 }];
}

/** Stored segments that still need bytes, in file order: one connection each on resume. */
export function unfinishedSegments<T extends SegmentSpan>(segments: readonly T[]): T[] {
  return segments.filter((s) => s.pos < s.end).sort((a, b) => a.start - b.start);
}

export interface Split {
  segmentStart: number;
  at: number;
}

/**
 * The segment to split and where: half of the largest remaining [pos, end), where pos is the live
 * position of a leased segment (what its connection has received, stored or not). Null when no
 * split leaves at least `minSplitBytes` on both sides.
 */
export function pickSplit(
  segments: readonly SegmentSpan[],
  leasedPositions: ReadonlyMap<number, number>,
  minSplitBytes: number,
): Split | null {
  let best: Split | null = null;
  let bestRemaining = 0;
  for (const segment of segments) {
    const pos = Math.max(segment.pos, leasedPositions.get(segment.start) ?? segment.pos);
    const remaining = segment.end - pos;
    if (remaining < 2 * Math.max(1, minSplitBytes) || remaining <= bestRemaining) continue;
    bestRemaining = remaining;
    best = { segmentStart: segment.start, at: pos + Math.floor(remaining / 2) };
  }
  return best;
}

export type NextWork = { kind: 'take'; segmentStart: number } | { kind: 'split'; split: Split } | null;

/** What a free connection does: an unleased unfinished segment first, else a split. */
export function pickNextWork(
  segments: readonly SegmentSpan[],
  leasedPositions: ReadonlyMap<number, number>,
  minSplitBytes: number,
): NextWork {
  const free = segments.find((s) => s.pos < s.end && !leasedPositions.has(s.start));
  if (free) return { kind: 'take', segmentStart: free.start };
  const leased = segments.filter((s) => leasedPositions.has(s.start));
  const split = pickSplit(leased, leasedPositions, minSplitBytes);
  return split ? { kind: 'split', split } : null;
}

/** Whether stored chunks cover [0, size) exactly, in order, without gaps or overlaps. */
export function chunksCoverFile(chunks: readonly { offset: number; size: number }[], size: number): boolean {
  let next = 0;
  for (const chunk of chunks) {
    if (chunk.offset !== next || chunk.size <= 0) return false;
    next += chunk.size;
  }
  return next === size;
}
