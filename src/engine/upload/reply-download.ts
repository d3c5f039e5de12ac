/**
 * An upload-reply job's reply: a GET of `BITS-Reply-URL` of at most 16 MiB (job-model.md
 * "Uploads"), read into memory and handed back whole. Failures are TransferProblems like any
 * download's; a reply that is too long is a TransferFailure (BG_E_TOO_LARGE, not retried).
 */
import { BITS_HRESULTS } from '../bits-codes';
import { parseRetryAfter, type FileLabel } from '../transfer/classify-failure';
import { fetchAsOwner } from '../transfer/owner-fetch';
import { TransferProblem } from '../transfer/transfer-signals';
import { TransferFailure, type RequestingJob } from '../transfer/transfer-types';
import { guardedExchange, type PacketEnv } from './guarded-exchange';

export const MAX_REPLY_BYTES = 16 * 1024 * 1024;

export function downloadReply(
  env: PacketEnv,
  job: RequestingJob,
  url: string,
  label: FileLabel,
  signal: AbortSignal,
): Promise<Uint8Array> {
  return guardedExchange(env, url, signal, 'body', async (guard) => {
    const response = await fetchAsOwner(
      env.ports.fetch,
      job.owner,
      url,
      new Headers(job.headers),
      guard.signal,
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
      guard.alive();
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
  });
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
