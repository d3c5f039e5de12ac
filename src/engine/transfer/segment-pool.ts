/**
 * The live segments of one file and who holds them. A free connection claims work here: an
 * unfinished segment nobody holds, else half of the largest remaining range (segment-plan.ts).
 * A split moves the parent's end at once, in memory, and is written to the store in order.
 */
import type { LiveSegment } from './live-segment';
import { isSegmentDone } from './live-segment';
import type { SegmentRecord } from '../ports';
import { pickNextWork } from './segment-plan';

export interface SegmentPool {
  readonly segments: readonly LiveSegment[];
  /** Leases a segment to a free connection; null when there is nothing worth taking. */
  claim(): LiveSegment | null;
  /** Leases the first segment (the probe's body is for it). */
  claimFirst(): LiveSegment;
  allDone(): boolean;
  /** Bytes received so far, stored or buffered. */
  received(): number;
}

export function createSegmentPool(
  records: readonly SegmentRecord[],
  minSplitBytes: number,
  persistSplit: (segmentStart: number, at: number) => Promise<void>,
): SegmentPool {
  const live: LiveSegment[] = records
    .map((r) => ({
      start: r.start,
      end: r.end,
      pos: r.pos,
      storedPos: r.pos,
      leased: false,
      ready: Promise.resolve(),
    }))
    .sort((a, b) => a.start - b.start);
  let splitting: Promise<void> = Promise.resolve();

  function find(start: number): LiveSegment {
    return live.find((s) => s.start === start) as LiveSegment;
  }

  return {
    segments: live,
    claim() {
      const leased = new Map(live.filter((s) => s.leased).map((s) => [s.start, s.pos]));
      const spans = live.filter((s): s is LiveSegment & { end: number } => s.end !== null);
      const work = pickNextWork(spans, leased, minSplitBytes);
      if (work === null) return null;
      if (work.kind === 'take') {
        const segment = find(work.segmentStart);
        segment.leased = true;
        return segment;
      }
      const parent = find(work.split.segmentStart);
      const { at } = work.split;
      const end = parent.end;
      parent.end = at; // its connection stops here from its next read on
      // Written one after another, so a split of a segment just split off finds it stored.
      splitting = splitting.then(() => persistSplit(parent.start, at));
      const child: LiveSegment = { start: at, end, pos: at, storedPos: at, leased: true, ready: splitting };
      live.push(child);
      live.sort((a, b) => a.start - b.start);
      return child;
    },
    claimFirst() {
      const first = live[0] as LiveSegment;
      first.leased = true;
      return first;
    },
    allDone: () => live.every(isSegmentDone),
    received: () => live.reduce((sum, s) => sum + (s.pos - s.start), 0),
  };
}
