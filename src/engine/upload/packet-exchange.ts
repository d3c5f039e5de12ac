/**
 * Sends one BITS packet and reads its Ack: one request at a time on the upload's connection,
 * within the per-host limit, with the job's headers and the credentials its owner may send, aborted
 * when no answer comes within the stall timeout (guarded-exchange.ts).
 */
import { credentialsFor } from '../transfer/request-credentials';
import { TransferProblem } from '../transfer/transfer-signals';
import type { RequestingJob } from '../transfer/transfer-types';
import { BITS_METHOD, packetHeaders, readAck, type Ack, type PacketFields } from './bits-packets';
import { guardedExchange, type PacketEnv } from './guarded-exchange';

export type { PacketEnv } from './guarded-exchange';

/** An Ack body is empty; an error page's is dropped past this much. */
const MAX_ACK_BODY_BYTES = 64 * 1024;

export function sendPacket(
  env: PacketEnv,
  job: RequestingJob,
  url: string,
  fields: PacketFields,
  signal: AbortSignal,
  body?: Blob | Uint8Array,
): Promise<Ack> {
  // The whole exchange counts: the fragment goes out and its Ack must come within the timeout.
  return guardedExchange(env, url, signal, 'connect', async ({ signal: guarded }) => {
    const response = await env.ports.fetch(url, {
      method: BITS_METHOD,
      headers: packetHeaders(fields, job.headers),
      // Always a body, even an empty one: Chromium then sends `Content-Length: 0`, which the
      // protocol requires (docs/bits-upload-server.md).
      body: (body ?? new Uint8Array(0)) as BodyInit,
      signal: guarded,
      credentials: credentialsFor(job.owner, url),
      // A redirected upload would send its bytes somewhere nobody chose.
      redirect: 'manual',
    });
    if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
      void response.body?.cancel().catch(() => undefined);
      throw new TransferProblem({ kind: 'invalid-response', detail: 'the upload server redirected' });
    }
    await drain(response);
    return readAck(response.status, response.headers);
  });
}

/** Reads a short body to its end (the connection can then be reused), drops a long one. */
async function drain(response: Response): Promise<void> {
  if (response.body === null) return;
  const length = Number(response.headers.get('content-length') ?? NaN);
  if (Number.isFinite(length) && length <= MAX_ACK_BODY_BYTES) await response.arrayBuffer();
  else void response.body.cancel().catch(() => undefined);
}
