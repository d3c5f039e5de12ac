/**
 * One connection fetching one segment of a file into the store. It reads the body, stops exactly
 * at the segment's live end (another connection may shrink it by splitting), writes chunks of at
 * most tuning.chunkBytes, and retries with back-off inside the attempt. On any exit but a crash
 * it first writes what it holds, so every byte received is kept.
 */
import { ChunkBuffer } from './chunk-buffer';
import { classifyFailure, describeNetworkError, type FileLabel } from './classify-failure';
import { isSegmentDone, type LiveSegment, type OpenSegment, type OpenedBody } from './live-segment';
import { shouldRetry } from './retry-policy';
import { discardBody } from './segment-request';
import {
  TransferProblem,
  FileChangedSignal,
  StallAbort,
  createWatchdog,
  isQuotaError,
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

/** Runs one segment to its end, retrying inside the attempt; throws TransferFailure when it gives up. */
export async function runConnection(
  ctx: ConnectionContext,
  segment: LiveSegment,
  open: OpenSegment,
  first?: OpenedBody,
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
  while (!isSegmentDone(segment)) {
    const before = segment.pos;
    try {
      await transferOnce(ctx, segment, open, opened);
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

/** One request (or the handed-over probe body), read until its end, the segment's end or a failure. */
async function transferOnce(
  ctx: ConnectionContext,
  segment: LiveSegment,
  open: OpenSegment,
  first: OpenedBody | undefined,
): Promise<void> {
  const { tuning, ports } = ctx.env;
  const link = first?.link ?? linkedController(ctx.signal);
  const { controller } = link;
  const watchdog = createWatchdog(ports.timers, tuning.stallTimeoutMs, () =>
    controller.abort(new StallAbort(tuning.stallTimeoutMs)),
  );
  let release = first?.release;
  let reader: ReadableStreamDefaultReader<Uint8Array> | null = null;
  const buffer = new ChunkBuffer();
  let outcome: unknown = null;
  try {
    let opened = first;
    if (!opened) {
      release = await ctx.env.hosts.acquire(ctx.host, controller.signal);
      watchdog.arm();
      opened = await open(segment, controller.signal);
    }
    watchdog.arm();
    const body = opened.response.body;
    if (body === null) throw new TransferProblem({ kind: 'invalid-response', detail: 'no body' });
    reader = body.getReader();
    const bodyStart = segment.pos;
    for (;;) {
      const limit = Math.min(segment.end ?? Infinity, opened.bodyEnd ?? Infinity);
      if (segment.pos >= limit) break;
      const { done, value } = await reader.read();
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
      segment.pos += accepted.byteLength;
      buffer.push(accepted);
      ctx.onBytes(accepted.byteLength);
      // Time spent writing or waiting for the bandwidth limit is ours, not a stalled server's.
      if (buffer.length >= tuning.chunkBytes || ctx.env.throttle) {
        watchdog.disarm();
        while (buffer.length >= tuning.chunkBytes) await writeChunk(ctx, segment, buffer, tuning.chunkBytes);
        await ctx.env.throttle?.take(accepted.byteLength, controller.signal);
        watchdog.arm();
      }
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
}

/** Writes the buffer's first `count` bytes; they leave the buffer only once stored. */
async function writeChunk(
  ctx: ConnectionContext,
  segment: LiveSegment,
  buffer: ChunkBuffer,
  count: number,
): Promise<void> {
  const offset = segment.storedPos;
  const data = buffer.peek(count);
  try {
    await ctx.env.ports.store.appendChunk(
      { jobId: ctx.jobId, fileIndex: ctx.fileIndex, offset, data },
      segment.start,
    );
  } catch (err) {
    if (isQuotaError(err)) throw new TransferProblem({ kind: 'quota' });
    throw err;
  }
  buffer.drop(count);
  segment.storedPos = offset + count;
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
