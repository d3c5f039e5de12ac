/**
 * An upload-reply job's reply: a GET of `BITS-Reply-URL` of at most 16 MiB (job-model.md
 * "Uploads"), read into memory and handed back whole. Failures are TransferProblems like any
 * download's; a reply that is too long is a TransferFailure (BG_E_TOO_LARGE, not retried).
 */
import { BITS_HRESULTS } from '../bits-codes';
import { describeNetworkError, parseRetryAfter, type FileLabel } from '../transfer/classify-failure';
import { RedirectProblem, fetchAsOwner } from '../transfer/owner-fetch';
import { StallAbort, TransferProblem, createWatchdog, linkedController } from '../transfer/transfer-signals';
import { TransferFailure, type RequestingJob } from '../transfer/transfer-types';
import type { PacketEnv } from './packet-exchange';

export const MAX_REPLY_BYTES = 16 * 1024 * 1024;

export async function downloadReply(
  env: PacketEnv,
  job: RequestingJob,
  url: string,
  label: FileLabel,
  signal: AbortSignal,
): Promise<Uint8Array> {
  const { controller, unlink } = linkedController(signal);
  const { stallTimeoutMs } = env.tuning;
  const watchdog = createWatchdog(env.ports.timers, stallTimeoutMs, () =>
    controller.abort(new StallAbort(stallTimeoutMs)),
  );
  let release: (() => void) | null = null;
  try {
    release = await env.hosts.acquire(new URL(url).host, controller.signal);
    watchdog.arm();
    const response = await fetchAsOwner(
      env.ports.fetch,
      job.owner,
      url,
      new Headers(job.headers),
      controller.signal,
    );
    if (!response.ok) {
      void response.body?.cancel().catch(() => undefined);
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), env.ports.clock.now());
      throw new TransferProblem({ kind: 'http', status: response.status, retryAfterMs });
    }
    const announced = Number(response.headers.get('content-length') ?? NaN);
    if (announced > MAX_REPLY_BYTES) throw tooLarge(label);
    const parts: Uint8Array[] = [];
    let length = 0;
    const reader = response.body?.getReader();
    for (;;) {
      if (!reader) break;
      const { done, value } = await reader.read();
      watchdog.arm();
      if (done) break;
      length += value.byteLength;
      if (length > MAX_REPLY_BYTES) {
        void reader.cancel().catch(() => undefined);
        throw tooLarge(label);
      }
      parts.push(value);
    }
    const reply = new Uint8Array(length);
    let at = 0;
    for (const part of parts) {
      reply.set(part, at);
      at += part.byteLength;
    }
    return reply;
  } catch (err) {
    if (err instanceof TransferProblem || err instanceof TransferFailure) throw err;
    if (err instanceof RedirectProblem)
      throw new TransferProblem({ kind: 'invalid-response', detail: err.message });
    if (controller.signal.aborted && controller.signal.reason instanceof StallAbort) {
      throw new TransferProblem({ kind: 'stall', timeoutMs: stallTimeoutMs });
    }
    if (signal.aborted) throw signal.reason;
    throw new TransferProblem({ kind: 'network', phase: 'body', detail: describeNetworkError(err) });
  } finally {
    watchdog.disarm();
    unlink();
    release?.();
  }
}

function tooLarge(label: FileLabel): TransferFailure {
  return new TransferFailure(
    {
      code: 'BG_E_TOO_LARGE',
      hresult: BITS_HRESULTS.BG_E_TOO_LARGE,
      context: 'remote-file',
      message: `Could not upload ${label.name ?? label.url}: the server's reply is larger than 16 MiB.`,
      fileIndex: label.index,
      httpStatus: null,
    },
    false,
  );
}
