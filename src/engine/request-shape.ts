/**
 * How long a ranged request is and how its body is read (docs/performance.md, "Chunk requests").
 *
 * - `segment`: one request to the segment's end, read as a stream: progress on every read, a
 *   stall noticed within the stall timeout, one round trip per segment. Right for slow or distant
 *   servers and under a bandwidth limit (the limiter paces the reads).
 * - `chunk-stream`: one chunk's worth, read as a stream. The first requests of a connection: they
 *   measure the round trip and the rate safely.
 * - `chunk-blob`: one chunk's worth, taken whole as a Blob (`response.blob()`). In a browser the
 *   bytes then go from the network into the stored Blob without passing through script, which
 *   roughly doubles what a fast local server can be written at; a round trip per chunk and no
 *   progress inside the chunk are its price, so it is used only for a near server (answers within
 *   MAX_NEAR_LATENCY_MS) fast enough that a chunk takes at most MAX_WHOLE_CHUNK_MS.
 *
 * Every shape writes at most one chunk that an interruption can lose per connection.
 */

export type RequestShape = 'segment' | 'chunk-stream' | 'chunk-blob';

/** What the connection's requests showed so far. */
export interface LinkSample {
  /**
   * The shortest time from sending a request to its response headers. The shortest, because the
   * first request of a connection also pays for opening it (as round-trip estimators do).
   */
  latencyMs: number;
  /** Bytes per second of the latest request, from sending it to its body's end, stored. */
  bytesPerSecond: number;
  /** Requests measured. */
  requests: number;
}

/** Measuring requests before a connection settles on whole segments. */
export const MEASURING_REQUESTS = 3;

export interface ShapeLimits {
  chunkBytes: number;
  /** A chunk taken whole must arrive well inside this, or it would look like a stall. */
  stallTimeoutMs: number;
}

/** A chunk taken whole should take at most this long: progress still moves twice a second (ui.md). */
export const MAX_WHOLE_CHUNK_MS = 500;
/**
 * A near server: its answers start within this long. Measured from script, this includes more
 * than the network's round trip (in Chromium, 10-40 ms to a loopback server paced at 8 MB/s, while
 * the body's bytes already flow), so it is judged in absolute terms, not as a share of the chunk.
 */
export const MAX_NEAR_LATENCY_MS = 25;

/**
 * The shape of a connection's next request. `sample` is null before its first request; `limited`
 * is true while a bandwidth limit applies to the transfer.
 */
export function nextRequestShape(
  sample: LinkSample | null,
  limited: boolean,
  limits: ShapeLimits,
): RequestShape {
  if (limited) return 'segment';
  if (sample === null) return 'chunk-stream';
  if (!(sample.bytesPerSecond > 0)) return sample.requests < MEASURING_REQUESTS ? 'chunk-stream' : 'segment';
  const chunkMs = (limits.chunkBytes / sample.bytesPerSecond) * 1000;
  const wholeChunkFits = chunkMs <= Math.min(MAX_WHOLE_CHUNK_MS, limits.stallTimeoutMs / 10);
  if (wholeChunkFits && sample.latencyMs <= MAX_NEAR_LATENCY_MS) return 'chunk-blob';
  return sample.requests < MEASURING_REQUESTS ? 'chunk-stream' : 'segment';
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
