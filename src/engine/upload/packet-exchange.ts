/**
 * Sends one BITS packet and reads its Ack: one request at a time on the upload's connection, within
 * the per-host limit, with the job's headers and the credentials its owner may send, aborted when
 * no answer comes within the stall timeout. A failure before any answer is a TransferProblem.
 */
import { describeNetworkError } from '../transfer/classify-failure';
import { credentialsFor } from '../transfer/request-credentials';
import { StallAbort, TransferProblem, createWatchdog, linkedController } from '../transfer/transfer-signals';
import type { RequestingJob, TransferEnv } from '../transfer/transfer-types';
import { BITS_METHOD, packetHeaders, readAck, type Ack, type PacketFields } from './bits-packets';

export type PacketEnv = Pick<TransferEnv, 'ports' | 'tuning' | 'hosts'>;

/** An Ack body is empty; an error page's is dropped past this much. */
const MAX_ACK_BODY_BYTES = 64 * 1024;

export async function sendPacket(
  env: PacketEnv,
  job: RequestingJob,
  url: string,
  fields: PacketFields,
  signal: AbortSignal,
  body?: Blob | Uint8Array,
): Promise<Ack> {
  const { controller, unlink } = linkedController(signal);
  const { stallTimeoutMs } = env.tuning;
  const watchdog = createWatchdog(env.ports.timers, stallTimeoutMs, () =>
    controller.abort(new StallAbort(stallTimeoutMs)),
  );
  let release: (() => void) | null = null;
  try {
    release = await env.hosts.acquire(new URL(url).host, controller.signal);
    // The whole exchange counts: the fragment goes out and its Ack must come within the timeout.
    watchdog.arm();
    const response = await env.ports.fetch(url, {
      method: BITS_METHOD,
      headers: packetHeaders(fields, job.headers),
      // Always a body, even an empty one: Chromium then sends `Content-Length: 0`, which the
      // protocol requires (docs/bits-upload-server.md).
      body: (body ?? new Uint8Array(0)) as BodyInit,
      signal: controller.signal,
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
  } catch (err) {
    if (err instanceof TransferProblem) throw err;
    if (controller.signal.aborted && controller.signal.reason instanceof StallAbort) {
      throw new TransferProblem({ kind: 'stall', timeoutMs: stallTimeoutMs });
    }
    if (signal.aborted) throw signal.reason;
    throw new TransferProblem({ kind: 'network', phase: 'connect', detail: describeNetworkError(err) });
  } finally {
    watchdog.disarm();
    unlink();
    release?.();
  }
}

/** Reads a short body to its end (the connection can then be reused), drops a long one. */
async function drain(response: Response): Promise<void> {
  if (response.body === null) return;
  const length = Number(response.headers.get('content-length') ?? NaN);
  if (Number.isFinite(length) && length <= MAX_ACK_BODY_BYTES) await response.arrayBuffer();
  else void response.body.cancel().catch(() => undefined);
}
