/**
 * How long a ranged request is and how its body is read (docs/transfer.md, "Request shapes").
 *
 * - `stream`: a run of whole chunks read as a stream: progress on every read, a stall noticed
 *   within the stall timeout. The first requests to a host ask for one chunk (they measure the
 *   round trip and the rate); later ones for about STREAM_REQUEST_MS of the measured rate, so
 *   a round trip costs little even to a distant server, and every request brings a fresh sample.
 *   Under a bandwidth limit a request runs to the segment's end (the limiter paces the reads).
 * - `chunk-blob`: one chunk, taken whole as a Blob (`response.blob()`). In a browser its bytes
 *   go from the network into the stored Blob without passing through script, which stores a fast
 *   local server's bytes about half again as fast and leaves the service worker idle; a round
 *   trip per chunk and no progress inside the chunk are its price, so it is used only for a near
 *   server (answers within MAX_NEAR_LATENCY_MS) fast enough that a chunk takes at most
 *   MAX_WHOLE_CHUNK_MS.
 *
 * Every shape writes at most one chunk per connection that an interruption can lose.
 */

export type RequestShape =
  | { read: 'blob' }
  /** `chunks` whole chunks from the segment's position; null = to the segment's end. */
  | { read: 'stream'; chunks: number | null };

/** What the requests to one host showed so far. */
export interface LinkSample {
  /**
   * The shortest time from sending a request to its response headers: the shortest, because a
   * request may also pay for opening its connection or wait for a busy event loop.
   */
  latencyMs: number;
  /** Bytes per second of the latest request, from sending it to its body's end, stored. */
  bytesPerSecond: number;
  /** Requests measured. */
  requests: number;
}

export interface ShapeLimits {
  chunkBytes: number;
  /** false: never the `blob` shape (the store writes bytes in place). */
  wholeChunkBlobs: boolean;
  /** A chunk taken whole must arrive well inside this, or it would look like a stall. */
  stallTimeoutMs: number;
}

/** One-chunk requests to a new host before requests grow. */
export const MEASURING_REQUESTS = 3;
/** A chunk taken whole should take at most this long: progress still moves twice a second (ui.md). */
export const MAX_WHOLE_CHUNK_MS = 500;
/**
 * A near server: its answers start within this long. Measured from script, this includes more
 * than the network's round trip (in Chromium, 10-40 ms to a loopback server paced at 8 MB/s, while
 * the body's bytes already flow), so it is judged in absolute terms, not as a share of the chunk.
 */
export const MAX_NEAR_LATENCY_MS = 25;
/** A streamed request asks for about this long of transfer at the last measured rate. */
export const STREAM_REQUEST_MS = 4000;

/**
 * The shape of a connection's next request. `sample` is null before the first request to the
 * host; `limited` is true while a bandwidth limit applies to the transfer.
 */
export function nextRequestShape(
  sample: LinkSample | null,
  limited: boolean,
  limits: ShapeLimits,
): RequestShape {
  if (limited) return { read: 'stream', chunks: null };
  if (sample === null || !(sample.bytesPerSecond > 0)) return { read: 'stream', chunks: 1 };
  const chunkMs = (limits.chunkBytes / sample.bytesPerSecond) * 1000;
  const wholeChunkFits = chunkMs <= Math.min(MAX_WHOLE_CHUNK_MS, limits.stallTimeoutMs / 10);
  if (limits.wholeChunkBlobs && wholeChunkFits && sample.latencyMs <= MAX_NEAR_LATENCY_MS) {
    return { read: 'blob' };
  }
  if (sample.requests < MEASURING_REQUESTS) return { read: 'stream', chunks: 1 };
  return { read: 'stream', chunks: Math.max(1, Math.round(STREAM_REQUEST_MS / chunkMs)) };
}

/** One finished request's timings (clock milliseconds) and body bytes. */
export interface RequestTiming {
  sentAt: number;
  headersAt: number;
  endedAt: number;
  bytes: number;
}

/** The sample after one more request; a request that carried too little leaves it unchanged. */
export function addTiming(
  previous: LinkSample | null,
  timing: RequestTiming,
  chunkBytes: number,
): LinkSample | null {
  // A short tail (the segment's last bytes) says little about the rate.
  if (timing.bytes < chunkBytes / 2) return previous;
  const latencyMs = Math.max(0, timing.headersAt - timing.sentAt);
  const bodyMs = Math.max(1, timing.endedAt - timing.sentAt);
  return {
    latencyMs: previous ? Math.min(previous.latencyMs, latencyMs) : latencyMs,
    bytesPerSecond: (timing.bytes * 1000) / bodyMs,
    requests: (previous?.requests ?? 0) + 1,
  };
}
