/**
 * The packets that end an upload's session outside a transfer: Close-Session from complete() and
 * Cancel-Session from cancel() (job-model.md "Uploads"). Close-Session is retried like any packet
 * of a transfer; Cancel-Session only on 5xx (the job is cancelled whatever the server says).
 */
import { classifyFailure, isTransientHttpStatus, type FileLabel } from '../transfer/classify-failure';
import { shouldRetry } from '../transfer/retry-policy';
import { TransferProblem, sleep } from '../transfer/transfer-signals';
import type { RequestingJob } from '../transfer/transfer-types';
import type { UploadState } from '../ports';
import type { JobError } from '../types';
import { ackFailure, isSessionLost, packetUrl, type PacketType } from './bits-packets';
import { sendPacket, type PacketEnv } from './packet-exchange';

export type SessionEnd =
  | { outcome: 'ended' }
  /** The server does not know the session (any more). */
  | { outcome: 'lost' }
  | { outcome: 'failed'; error: JobError };

export async function endSession(
  env: PacketEnv,
  job: RequestingJob,
  target: { url: string; label: FileLabel; state: UploadState },
  type: Extract<PacketType, 'Close-Session' | 'Cancel-Session'>,
  signal: AbortSignal,
): Promise<SessionEnd> {
  const { state } = target;
  const url = packetUrl(target.url, state.hostId);
  const delays = env.tuning.connectionRetryDelaysMs;
  for (let attempt = 0; ; attempt++) {
    let problem: TransferProblem;
    try {
      const ack = await sendPacket(env, job, url, { type, sessionId: state.sessionId }, signal);
      if (isSessionLost(ack)) return { outcome: 'lost' };
      if (ack.status >= 200 && ack.status <= 299) return { outcome: 'ended' };
      problem = new TransferProblem(ackFailure(ack, env.ports.clock.now()));
    } catch (err) {
      if (!(err instanceof TransferProblem)) throw err;
      problem = err;
    }
    const failure = classifyFailure(problem.problem, target.label, 'upload');
    const cause = problem.problem;
    const serverBusy = (cause.kind === 'http' || cause.kind === 'bits') && cause.status >= 500;
    const retryable = type === 'Close-Session' || (serverBusy && isTransientHttpStatus(cause.status));
    const decision = retryable ? shouldRetry(failure, attempt, delays) : { retry: false as const };
    if (!decision.retry) return { outcome: 'failed', error: failure.error };
    await sleep(env.ports.timers, decision.delayMs, signal);
  }
}
