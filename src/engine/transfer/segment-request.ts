/**
 * What every request a connection sends shares: a GET with the job's headers and its owner's
 * credentials, a body dropped unread, an HTTP status as a problem. The ranged segment request of
 * each source is in transfer-source.ts.
 */
import { describeNetworkError, parseRetryAfter } from './classify-failure';
import { RedirectProblem, fetchAsOwner } from './owner-fetch';
import { StallAbort, TransferProblem } from './transfer-signals';
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
