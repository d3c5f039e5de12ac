/**
 * The requests a connection sends: a GET with the job's headers, and the ranged segment request
 * with If-Range whose response is checked before a byte of its body is used.
 */
import { describeNetworkError, parseRetryAfter } from './classify-failure';
import { RedirectProblem, fetchAsOwner } from './owner-fetch';
import type { OpenSegment } from './live-segment';
import { checkSegmentResponse, ifRangeValue, type Validators } from './range-response';
import { FileChangedSignal, StallAbort, TransferProblem } from './transfer-signals';
import type { RequestingJob, TransferEnv } from './transfer-types';

/**
 * fetch with the job's headers and the credentials its owner may send (owner-fetch.ts); a
 * rejection before any response becomes a network problem.
 */
export async function fetchWithHeaders(
  env: TransferEnv,
  job: RequestingJob,
  url: string,
  headers: Headers,
  signal: AbortSignal,
): Promise<Response> {
  try {
    return await fetchAsOwner(env.ports.fetch, job.owner, url, headers, signal);
  } catch (err) {
    if (err instanceof RedirectProblem)
      throw new TransferProblem({ kind: 'invalid-response', detail: err.message });
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
  ctx: { env: TransferEnv; url: string; job: RequestingJob },
  validators: Validators,
): OpenSegment {
  return async (segment, signal, requestEnd) => {
    const end = Math.min(segment.end ?? validators.size ?? 0, requestEnd ?? Infinity);
    const headers = new Headers(ctx.job.headers);
    headers.set('Range', `bytes=${segment.pos}-${end - 1}`);
    const ifRange = ifRangeValue(validators);
    if (ifRange !== null) headers.set('If-Range', ifRange);
    const response = await fetchWithHeaders(ctx.env, ctx.job, ctx.url, headers, signal);
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
