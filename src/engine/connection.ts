/**
 * One connection fetching one segment of a file into the store. It reads the body, stops exactly
 * at the segment's live end (another connection may shrink it by splitting), writes chunks of at
 * most tuning.chunkBytes, and retries with back-off inside the attempt. On any exit but a crash
 * it first writes what it holds, so every byte received is kept.
 */
import { classifyFailure, describeNetworkError, parseRetryAfter, type FileLabel } from './classify-failure';
import { checkSegmentResponse, ifRangeValue, type Validators } from './range-response';
import { shouldRetry } from './retry-policy';
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

export type OpenSegment = (segment: LiveSegment, signal: AbortSignal) => Promise<OpenedBody>;

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

export function isSegmentDone(segment: LiveSegment): boolean {
  return segment.end !== null && segment.pos >= segment.end;
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
      while (buffer.length >= tuning.chunkBytes) await writeChunk(ctx, segment, buffer, tuning.chunkBytes);
      if (ctx.env.throttle) {
        watchdog.disarm();
        await ctx.env.throttle.take(accepted.byteLength, controller.signal);
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

/** fetch with the job's headers; a rejection before any response becomes a network problem. */
export async function fetchWithHeaders(
  env: TransferEnv,
  url: string,
  headers: Headers,
  signal: AbortSignal,
): Promise<Response> {
  try {
    return await env.ports.fetch(url, { method: 'GET', headers, signal, redirect: 'follow' });
  } catch (err) {
    if (signal.aborted && signal.reason instanceof StallAbort) {
      throw new TransferProblem({ kind: 'stall', timeoutMs: signal.reason.timeoutMs });
    }
    if (signal.aborted) throw signal.reason;
    throw new TransferProblem({ kind: 'network', phase: 'connect', detail: describeNetworkError(err) });
  }
}

/** Drops a response body we will not read, so its connection is freed. */
export function discardBody(response: Response): void {
  void response.body?.cancel().catch(() => undefined);
}

/** The problem an HTTP error status stands for, with its Retry-After. */
export function problemForStatus(response: Response, now: number): TransferProblem {
  return new TransferProblem({
    kind: 'http',
    status: response.status,
    retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), now),
  });
}

/** The opener of ranged segments: `Range: bytes=pos-(end-1)` with If-Range, validated. */
export function rangedOpener(
  ctx: { env: TransferEnv; url: string; jobHeaders: Record<string, string> },
  validators: Validators,
): OpenSegment {
  return async (segment, signal) => {
    const end = segment.end ?? validators.size ?? 0;
    const headers = new Headers(ctx.jobHeaders);
    headers.set('Range', `bytes=${segment.pos}-${end - 1}`);
    const ifRange = ifRangeValue(validators);
    if (ifRange !== null) headers.set('If-Range', ifRange);
    const response = await fetchWithHeaders(ctx.env, ctx.url, headers, signal);
    const verdict = checkSegmentResponse(
      response.status,
      response.headers,
      { pos: segment.pos, end },
      validators,
    );
    if (verdict.kind === 'ok') return { response, bodyEnd: verdict.bodyEnd };
    discardBody(response);
    if (verdict.kind === 'changed') throw new FileChangedSignal(verdict.reason);
    if (verdict.kind === 'invalid')
      throw new TransferProblem({ kind: 'invalid-response', detail: verdict.detail });
    throw problemForStatus(response, ctx.env.ports.clock.now());
  };
}

/** Received bytes waiting to fill a chunk. */
class ChunkBuffer {
  private parts: Uint8Array[] = [];
  length = 0;

  push(bytes: Uint8Array): void {
    this.parts.push(bytes);
    this.length += bytes.byteLength;
  }

  /** The first `count` bytes as one compact array; the buffer is unchanged. */
  peek(count: number): Uint8Array {
    const out = new Uint8Array(count);
    let filled = 0;
    for (const part of this.parts) {
      if (filled === count) break;
      const used = Math.min(part.byteLength, count - filled);
      out.set(part.subarray(0, used), filled);
      filled += used;
    }
    return out;
  }

  /** Forgets the first `count` bytes. */
  drop(count: number): void {
    let left = count;
    while (left > 0) {
      const part = this.parts[0] as Uint8Array;
      if (part.byteLength <= left) {
        this.parts.shift();
        left -= part.byteLength;
      } else {
        this.parts[0] = part.subarray(left);
        left = 0;
      }
    }
    this.length -= count;
  }
}
