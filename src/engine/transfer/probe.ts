/**
 * The probe: the first `GET` of a file, `Range: bytes=0-`, redirects followed. It learns the
 * size, range support and validators, and its body is not wasted: the first connection reads it.
 */
import { classifyFailure, type FileLabel } from './classify-failure';
import type { OpenedBody } from './live-segment';
import { discardBody, fetchWithHeaders, problemForStatus } from './segment-request';
import { checkProbeResponse, type ProbeFacts } from './range-response';
import { shouldRetry } from './retry-policy';
import { StallAbort, TransferProblem, linkedController, sleep } from './transfer-signals';
import { TransferFailure, type RequestingJob, type TransferEnv } from './transfer-types';

export interface ProbeOutcome {
  facts: ProbeFacts;
  /** The URL after redirects. */
  finalUrl: string;
  /** The open response, its host slot held, ready for the first connection. */
  opened: OpenedBody;
}

export interface ProbeTarget {
  url: string;
  host: string;
  job: RequestingJob;
  label: FileLabel;
  signal: AbortSignal;
}

/**
 * Probes with the per-connection back-off. `ranged: false` asks for the plain file (a stream
 * that restarts from 0 on a server without ranges).
 */
export async function probeFile(env: TransferEnv, target: ProbeTarget, ranged = true): Promise<ProbeOutcome> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await probeOnce(env, target, ranged);
    } catch (err) {
      if (target.signal.aborted) throw target.signal.reason;
      if (!(err instanceof TransferProblem)) throw err;
      const failure = classifyFailure(err.problem, target.label);
      const decision = shouldRetry(failure, attempt, env.tuning.connectionRetryDelaysMs);
      if (!decision.retry) throw new TransferFailure(failure.error, failure.transient, failure.retryAfterMs);
      await sleep(env.ports.timers, decision.delayMs, target.signal);
    }
  }
}

async function probeOnce(env: TransferEnv, target: ProbeTarget, ranged: boolean): Promise<ProbeOutcome> {
  const link = linkedController(target.signal);
  const { controller } = link;
  let release: (() => void) | undefined;
  let handedOver = false;
  const stallMs = env.tuning.stallTimeoutMs;
  let timer: unknown = null;
  try {
    release = await env.hosts.acquire(target.host, controller.signal);
    // Waiting for a host slot is not a stall; waiting for the server's answer is.
    timer = env.ports.timers.setTimeout(() => controller.abort(new StallAbort(stallMs)), stallMs);
    const headers = new Headers(target.job.headers);
    if (ranged) headers.set('Range', 'bytes=0-');
    const response = await fetchWithHeaders(env, target.job, target.url, headers, controller.signal);
    const verdict = checkProbeResponse(response.status, response.headers);
    if (verdict.kind !== 'ok') {
      discardBody(response);
      if (verdict.kind === 'http-error') throw problemForStatus(response, env.ports.clock.now());
      throw new TransferProblem({
        kind: 'invalid-response',
        detail: verdict.kind === 'invalid' ? verdict.detail : verdict.reason,
      });
    }
    handedOver = true;
    return {
      facts: verdict.facts,
      finalUrl: response.url || target.url,
      opened: { response, bodyEnd: verdict.bodyEnd, link, release },
    };
  } finally {
    if (timer !== null) env.ports.timers.clearTimeout(timer);
    if (!handedOver) {
      link.unlink();
      release?.();
    }
  }
}
