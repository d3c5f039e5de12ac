/** Checks both stores apply to segment changes, so a bad call fails the same way in each. */
import type { SegmentRecord } from '../engine/ports';

/** A replaced segment set must belong to the file it replaces, with one segment per start. */
export function assertSegmentsOfFile(
  jobId: string,
  fileIndex: number,
  segments: readonly SegmentRecord[],
): void {
  const starts = new Set<number>();
  for (const segment of segments) {
    if (starts.has(segment.start)) throw new TypeError(`two segments start at ${segment.start}`);
    starts.add(segment.start);
    if (segment.jobId !== jobId || segment.fileIndex !== fileIndex) {
      throw new TypeError(
        `segment ${segment.start} belongs to ${segment.jobId}/${segment.fileIndex}, not ${jobId}/${fileIndex}`,
      );
    }
  }
}

/** A split point must leave the stored bytes [start, pos) in the old segment and be inside it. */
export function assertSplitPoint(segment: SegmentRecord, at: number): void {
  const insideEnd = segment.end === null || at < segment.end;
  if (!Number.isInteger(at) || at < segment.pos || at <= segment.start || !insideEnd) {
    throw new RangeError(
      `cannot split segment [${segment.start}, ${segment.end ?? 'EOF'}) with pos ${segment.pos} at ${at}`,
    );
  }
}
