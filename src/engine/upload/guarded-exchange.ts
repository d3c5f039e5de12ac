/**
 * What every request of an upload shares: a slot among the host's connections, the stall timeout
 * (no answer or no byte for `stallTimeoutMs` aborts it), the job's abort signal, and the turning of
 * whatever rejected into a TransferProblem (or the abort reason, when the job was stopped).
 */
import { describeNetworkError } from '../transfer/classify-failure';
import { RedirectProblem } from '../transfer/owner-fetch';
import { StallAbort, TransferProblem, createWatchdog, linkedController } from '../transfer/transfer-signals';
import { TransferFailure, type TransferEnv } from '../transfer/transfer-types';

export type PacketEnv = Pick<TransferEnv, 'ports' | 'tuning' | 'hosts'>;

export interface Guard {
  signal: AbortSignal;
  /** Bytes arrived: the stall timeout starts again. */
  alive(): void;
}

export async function guardedExchange<T>(
  env: PacketEnv,
  url: string,
  signal: AbortSignal,
  /** A network failure counts as one before any answer ('connect') or during a body ('body'). */
  phase: 'connect' | 'body',
  work: (guard: Guard) => Promise<T>,
): Promise<T> {
  const { controller, unlink } = linkedController(signal);
  const { stallTimeoutMs } = env.tuning;
  const watchdog = createWatchdog(env.ports.timers, stallTimeoutMs, () =>
    controller.abort(new StallAbort(stallTimeoutMs)),
  );
  let release: (() => void) | null = null;
  try {
    release = await env.hosts.acquire(new URL(url).host, controller.signal);
    watchdog.arm();
    return await work({ signal: controller.signal, alive: () => watchdog.arm() });
  } catch (err) {
    if (err instanceof TransferProblem || err instanceof TransferFailure) throw err;
    if (err instanceof RedirectProblem) {
      throw new TransferProblem({ kind: 'invalid-response', detail: err.message });
    }
    if (controller.signal.aborted && controller.signal.reason instanceof StallAbort) {
      throw new TransferProblem({ kind: 'stall', timeoutMs: stallTimeoutMs });
    }
    if (signal.aborted) throw signal.reason;
    throw new TransferProblem({ kind: 'network', phase, detail: describeNetworkError(err) });
  } finally {
    watchdog.disarm();
    unlink();
    release?.();
  }
}
