/**
 * One connection fetching one segment of a file into the store. It reads the body, stops exactly
 * at the segment's live end (another connection may shrink it by splitting), writes chunks of at
 * most tuning.chunkBytes, and retries with back-off inside the attempt. On any exit but a crash
 * it first writes what it holds, so every byte received is kept. Each request's length and way of
 * reading follow what the previous one showed of the link (request-shape.ts).
 */
import { newReadBlock, openBodyReader, type BodyReader, type ReadBlock } from './body-reader';
import { ChunkBuffer } from './chunk-buffer';
import { classifyFailure, describeNetworkError, type FileLabel } from './classify-failure';
import { isSegmentDone, type LiveSegment, type OpenSegment, type OpenedBody } from './live-segment';
import { takeWholeChunk, writeChunk } from './chunk-writes';
import { addTiming, nextRequestShape, type RequestShape, type RequestTiming } from './request-shape';
import { shouldRetry } from './retry-policy';
import { discardBody } from './segment-request';
import {
  TransferProblem,
  FileChangedSignal,
  StallAbort,
  createWatchdog,
  linkedController,
  sleep,
} from './transfer-signals';
import { TransferFailure, type TransferEnv } from './transfer-types';

export interface ConnectionContext {
  env: TransferEnv;
  jobId: string;
  fileIndex: number;
  label: FileLabel;
  /** Host of the request URL, for the per-host slots. */
  host: string;
  /** The file's abort signal: suspend, or a sibling connection's fatal failure. */
  signal: AbortSignal;
  /** Bytes accepted into memory (for progress), negative never. */
  onBytes(count: number): void;
}

/** What a connection reads into and stores from, kept across its requests and segments. */
export interface ConnectionBuffers {
  chunk: ChunkBuffer;
  block: ReadBlock;
}

/**
 * A read block smaller than a chunk: a BYOB read returns what has arrived, rarely more than a
 * few hundred KiB, and every connection holds one.
 */
const READ_BLOCK_BYTES = 256 * 1024;

export function newConnectionBuffers(chunkBytes: number): ConnectionBuffers {
  return { chunk: new ChunkBuffer(chunkBytes), block: newReadBlock(Math.min(chunkBytes, READ_BLOCK_BYTES)) };
}

/** The probe's body: already open to the file's end, it is read to the segment's end. */
const TO_SEGMENT_END: RequestShape = { read: 'stream', chunks: null };

/** Runs one segment to its end, retrying inside the attempt; throws TransferFailure when it gives up. */
export async function runConnection(
  ctx: ConnectionContext,
  segment: LiveSegment,
  open: OpenSegment,
  first?: OpenedBody,
  buffers: ConnectionBuffers = newConnectionBuffers(ctx.env.tuning.chunkBytes),
): Promise<void> {
  if (first && isSegmentDone(segment)) {
    // An empty file: the probe's answer has nothing to read.
    discardBody(first.response);
    first.link?.unlink();
    first.release?.();
    return;
  }
  let retriesUsed = 0;
  let opened = first;
  const { links } = ctx.env;
  while (!isSegmentDone(segment)) {
    const before = segment.pos;
    try {
      // The probe's body is read to the segment's end: it is already open, and cutting it short
      // would waste what the network holds for it.
      const limited = ctx.env.throttle?.isLimited() ?? false;
      const sample = links.get(ctx.host) ?? null;
      const shape: RequestShape = opened ? TO_SEGMENT_END : nextRequestShape(sample, limited, ctx.env.tuning);
      const timing = await transferOnce(ctx, segment, open, opened, shape, buffers);
      if (timing) {
        const updated = addTiming(links.get(ctx.host) ?? null, timing, ctx.env.tuning.chunkBytes);
        if (updated) links.set(ctx.host, updated);
      }
      opened = undefined;
      if (segment.pos === before && !isSegmentDone(segment)) {
        throw new TransferProblem({ kind: 'invalid-response', detail: 'an empty body' });
      }
    } catch (err) {
      opened = undefined;
      if (ctx.signal.aborted) throw ctx.signal.reason;
      if (!(err instanceof TransferProblem)) throw err;
      const failure = classifyFailure(err.problem, ctx.label);
      const used = segment.pos > before ? 0 : retriesUsed;
      const decision = shouldRetry(failure, used, ctx.env.tuning.connectionRetryDelaysMs);
      if (!decision.retry) throw new TransferFailure(failure.error, failure.transient, failure.retryAfterMs);
      retriesUsed = used + 1;
      await sleep(ctx.env.ports.timers, decision.delayMs, ctx.signal);
    }
  }
}

/**
 * One request (or the handed-over probe body), read until its end, the segment's end or a failure.
 * Returns its timing, when it was timed here.
 */
async function transferOnce(
  ctx: ConnectionContext,
  segment: LiveSegment,
  open: OpenSegment,
  first: OpenedBody | undefined,
  shape: RequestShape,
  buffers: ConnectionBuffers,
): Promise<RequestTiming | null> {
  const { tuning, ports } = ctx.env;
  const link = first?.link ?? linkedController(ctx.signal);
  const { controller } = link;
  const watchdog = createWatchdog(ports.timers, tuning.stallTimeoutMs, () =>
    controller.abort(new StallAbort(tuning.stallTimeoutMs)),
  );
  let release = first?.release;
  let reader: BodyReader | null = null;
  const buffer = buffers.chunk;
  let outcome: unknown = null;
  const { clock } = ports;
  let sentAt = clock.now();
  let headersAt = sentAt;
  const bodyStart = segment.pos;
  try {
    let opened = first;
    if (!opened) {
      release = await ctx.env.hosts.acquire(ctx.host, controller.signal);
      watchdog.arm();
      sentAt = clock.now();
      const chunks = shape.read === 'blob' ? 1 : shape.chunks;
      const requestEnd = chunks === null ? undefined : segment.pos + chunks * tuning.chunkBytes;
      opened = await open(segment, controller.signal, requestEnd);
      headersAt = clock.now();
    }
    watchdog.arm();
    if (shape.read === 'blob' && opened.bodyEnd !== null) {
      // The whole chunk must come within the stall timeout; the shape is chosen so it does easily.
      await takeWholeChunk(ctx, segment, opened);
      return { sentAt, headersAt, endedAt: clock.now(), bytes: segment.pos - bodyStart };
    }
    const body = opened.response.body;
    if (body === null) throw new TransferProblem({ kind: 'invalid-response', detail: 'no body' });
    reader = openBodyReader(body, buffers.block);
    for (;;) {
      const limit = Math.min(segment.end ?? Infinity, opened.bodyEnd ?? Infinity);
      if (segment.pos >= limit) break;
      const { done, value } = await reader.read(Math.min(limit - segment.pos, buffer.room));
      watchdog.arm();
      if (done) {
        if (opened.bodyEnd !== null) {
          const expected = opened.bodyEnd - bodyStart;
          throw new TransferProblem({ kind: 'short-body', expected, received: segment.pos - bodyStart });
        }
        if (segment.end === null) segment.end = segment.pos; // the stream's end is the file's size
        break;
      }
      const live = Math.min(segment.end ?? Infinity, opened.bodyEnd ?? Infinity);
      const accepted = value.byteLength > live - segment.pos ? value.subarray(0, live - segment.pos) : value;
      if (accepted.byteLength === 0) continue;
      // Time spent writing or waiting for the bandwidth limit is ours, not a stalled server's.
      let paused = false;
      // A block larger than the room left (a plain reader's) fills the chunk, which is written first.
      for (let rest = accepted; rest.byteLength > 0;) {
        const part = rest.byteLength > buffer.room ? rest.subarray(0, buffer.room) : rest;
        segment.pos += part.byteLength;
        buffer.push(part);
        rest = rest.subarray(part.byteLength);
        if (buffer.room > 0) continue;
        watchdog.disarm();
        paused = true;
        await writeChunk(ctx, segment, buffer, buffer.length);
      }
      ctx.onBytes(accepted.byteLength);
      const throttle = ctx.env.throttle?.isLimited() ? ctx.env.throttle : null;
      if (throttle) {
        watchdog.disarm();
        paused = true;
        await throttle.take(accepted.byteLength, controller.signal);
      }
      if (paused) watchdog.arm();
    }
  } catch (err) {
    outcome = explain(err, controller.signal);
  } finally {
    watchdog.disarm();
    // Every byte that arrived is kept, whatever ended the read (suspend, split, failure).
    try {
      while (buffer.length > 0)
        await writeChunk(ctx, segment, buffer, Math.min(buffer.length, tuning.chunkBytes));
    } catch (err) {
      outcome ??= explain(err, controller.signal);
    }
    if (reader) void reader.cancel().catch(() => undefined);
    else if (first) void first.response.body?.cancel().catch(() => undefined);
    if (!controller.signal.aborted) controller.abort(new Error('segment read finished'));
    link.unlink();
    release?.();
  }
  if (outcome !== null) throw outcome;
  // The probe's body was opened elsewhere: its request was not timed here.
  if (first) return null;
  return { sentAt, headersAt, endedAt: clock.now(), bytes: segment.pos - bodyStart };
}

/** Turns a thrown value into the problem it stands for; abort reasons of the file pass through. */
function explain(err: unknown, signal: AbortSignal): unknown {
  if (err instanceof TransferProblem || err instanceof FileChangedSignal || err instanceof TransferFailure)
    return err;
  if (signal.aborted && signal.reason instanceof StallAbort) {
    return new TransferProblem({ kind: 'stall', timeoutMs: signal.reason.timeoutMs });
  }
  if (signal.aborted) return signal.reason;
  if (err instanceof TypeError || (typeof err === 'object' && err !== null && 'code' in err)) {
    return new TransferProblem({ kind: 'network', phase: 'body', detail: describeNetworkError(err) });
  }
  return err;
}
