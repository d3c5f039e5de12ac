/**
 * A segment of a file while connections work on it, and the response a connection reads it from.
 * `end` and `pos` move while the transfer runs: a split shrinks `end`, arriving bytes move `pos`.
 */

/** A segment as the running transfer sees it; `end` and `pos` move while connections run. */
export interface LiveSegment {
  start: number;
  /** Exclusive; null while the size is unknown (a single stream to the end). */
  end: number | null;
  /** Bytes received, written or still buffered. */
  pos: number;
  /** Bytes written to the store. */
  storedPos: number;
  leased: boolean;
  /** Settles once the segment exists in the store (a split is written asynchronously). */
  ready: Promise<void>;
}

/** A response whose body carries the segment's bytes from its `pos`. */
export interface OpenedBody {
  response: Response;
  /** Where the body's bytes end (exclusive); null = end of stream. */
  bodyEnd: number | null;
  /** Present when the body was opened elsewhere (the probe): its abort link and host slot. */
  link?: { controller: AbortController; unlink(): void };
  release?: () => void;
}

/**
 * Opens a request for the segment from its `pos`, up to `requestEnd` (exclusive) when given and
 * the file has ranges, else to the segment's end.
 */
export type OpenSegment = (
  segment: LiveSegment,
  signal: AbortSignal,
  requestEnd?: number,
) => Promise<OpenedBody>;

export function isSegmentDone(segment: LiveSegment): boolean {
  return segment.end !== null && segment.pos >= segment.end;
}
