/**
 * One upload job's data to its server over the BITS Upload Protocol (job-model.md "Uploads"):
 * Ping and Create-Session when the job holds no session, then Fragments in order, one request at
 * a time, each starting where the server's last Ack said; for upload-reply, the reply and then
 * Close-Session. Every step is saved in the job's record before the next, except Fragment Acks,
 * recorded every `uploadRecordBytes` and at the last byte. So a run that starts in a session first
 * asks the server where it is: a Fragment of the file's last byte, which the server takes (it had
 * all the others) or answers 416 with what it has (MC-BUP). An interruption of any kind then goes
 * on from the server's last acknowledged byte in the same session, for one byte more. A session
 * the server no longer knows starts over from 0 in a new one. Retries inside the attempt follow
 * the download's per-connection back-off; giving up is a TransferFailure.
 */
import { classifyFailure, type FileLabel } from '../transfer/classify-failure';
import { shouldRetry } from '../transfer/retry-policy';
import { TransferProblem, sleep } from '../transfer/transfer-signals';
import { TransferFailure, type RequestingJob, type TransferEnv } from '../transfer/transfer-types';
import type { UploadSource, UploadState } from '../ports';
import type { JobType } from '../types';
import {
  UPLOAD_PROTOCOL,
  ackFailure,
  fragmentRange,
  isSessionLost,
  packetUrl,
  resolveReplyUrl,
  type Ack,
  type PacketFields,
} from './bits-packets';
import { sendPacket } from './packet-exchange';
import { freshUploadState, uploadFinished } from './upload-state';

import { downloadReply } from './reply-download';

/** New sessions in one attempt after the server lost one, before the attempt gives up. */
const MAX_SESSIONS_LOST = 3;
/** Acks in a row that move nothing (a 416 pointing back, a fragment taken for none) before giving up. */
const MAX_IDLE_ACKS = 3;

export interface UploadRequest {
  job: RequestingJob & { id: string; type: JobType };
  /** The upload URL (the job's file). */
  url: string;
  label: FileLabel;
  /** Changed in place as the upload goes on; `save` persists it. */
  state: UploadState;
  source: UploadSource;
  signal: AbortSignal;
  /** Persists `state` in the job's record; the next packet waits for it. */
  save(): Promise<void>;
  /** The server acknowledged up to here (it may go back to 0 with a new session). */
  onProgress(acknowledged: number): void;
  /** Called when the session is open and data starts to move (CONNECTING → TRANSFERRING). */
  onTransferring(): void;
  storeReply(reply: Uint8Array): Promise<void>;
}

/** The server forgot the session: start a new one from 0. */
class SessionLost extends Error {}

/** Where the job's record stands, and whether the server must first be asked where it is. */
interface Recorded {
  acknowledged: number;
  probe: boolean;
}

export async function transferUpload(env: TransferEnv, request: UploadRequest): Promise<void> {
  const { state, signal } = request;
  const delays = env.tuning.connectionRetryDelaysMs;
  const recorded: Recorded = {
    acknowledged: state.acknowledged,
    probe: state.sessionId !== null && state.acknowledged < state.size,
  };
  let retriesUsed = 0;
  let sessionsLost = 0;
  let idleAcks = 0;
  while (!uploadFinished(request.job.type, state)) {
    const before = progressMark(state);
    try {
      await nextStep(env, request, recorded);
      if (state.hostIdFailingSince !== null) {
        state.hostIdFailingSince = null;
        await request.save();
      }
      retriesUsed = 0;
      idleAcks = progressMark(state) === before ? idleAcks + 1 : 0;
      if (idleAcks >= MAX_IDLE_ACKS) {
        const detail = `the server acknowledged no new byte after ${state.acknowledged}`;
        throw new TransferProblem({ kind: 'invalid-response', detail });
      }
    } catch (err) {
      if (signal.aborted) throw signal.reason;
      if (err instanceof SessionLost) {
        if (++sessionsLost > MAX_SESSIONS_LOST) throw lostTooOften(request.label);
        Object.assign(state, freshUploadState(state.size, state.contentType));
        await request.save();
        request.onProgress(0);
        continue;
      }
      if (!(err instanceof TransferProblem)) throw err;
      await noteHostIdFailure(env, request, err);
      const failure = classifyFailure(err.problem, request.label, 'upload');
      const decision = shouldRetry(failure, retriesUsed, delays);
      if (!decision.retry) throw new TransferFailure(failure.error, failure.transient, failure.retryAfterMs);
      retriesUsed += 1;
      await sleep(env.ports.timers, decision.delayMs, signal);
    }
  }
  request.onProgress(state.acknowledged);
}

/** What counts as progress: a new session, a byte acknowledged, the reply in, the session closed. */
function progressMark(state: UploadState): string {
  return `${state.sessionId}|${state.acknowledged}|${state.replyBytes}|${state.closed}`;
}

/** One packet (or the reply's GET): whichever the state calls for. */
async function nextStep(env: TransferEnv, request: UploadRequest, recorded: Recorded): Promise<void> {
  const { state } = request;
  if (state.sessionId === null) {
    // A new session starts from 0, recorded as soon as it is open.
    Object.assign(recorded, { acknowledged: 0, probe: false });
    return createSession(env, request);
  }
  if (state.acknowledged < state.size) return sendFragment(env, request, recorded);
  if (state.replyBytes === null) return fetchReply(env, request);
  return closeSession(env, request);
}

async function exchange(
  env: TransferEnv,
  request: UploadRequest,
  fields: PacketFields,
  body?: Blob | Uint8Array,
): Promise<Ack> {
  const target = packetUrl(request.url, request.state.hostId);
  return sendPacket(env, request.job, target, fields, request.signal, body);
}

async function createSession(env: TransferEnv, request: UploadRequest): Promise<void> {
  const { state } = request;
  // The pages advise a Ping first: it opens the connection, the cheaper packet to find a dead server with.
  const ping = await exchange(env, request, { type: 'Ping' });
  if (ping.status !== 200) throw new TransferProblem(ackFailure(ping, env.ports.clock.now()));
  const ack = await exchange(env, request, { type: 'Create-Session' });
  if (ack.status !== 200 && ack.status !== 201) {
    throw new TransferProblem(ackFailure(ack, env.ports.clock.now()));
  }
  if (ack.sessionId === null) {
    throw new TransferProblem({ kind: 'invalid-response', detail: 'Create-Session got no BITS-Session-Id' });
  }
  if (ack.protocol !== null && ack.protocol.toLowerCase() !== UPLOAD_PROTOCOL) {
    throw new TransferProblem({
      kind: 'invalid-response',
      detail: `the server chose protocol ${ack.protocol}`,
    });
  }
  Object.assign(state, freshUploadState(state.size, state.contentType), {
    sessionId: ack.sessionId,
    hostId: ack.hostId,
    hostIdFallbackMs: ack.hostId === null ? null : ack.hostIdFallbackMs,
  });
  await request.save();
  request.onTransferring();
}

async function sendFragment(env: TransferEnv, request: UploadRequest, recorded: Recorded): Promise<void> {
  const { state, signal } = request;
  const start = recorded.probe ? state.size - 1 : state.acknowledged;
  const end = Math.min(state.size, start + env.tuning.uploadFragmentBytes);
  // Foreground jobs have no throttle; background ones wait for the bandwidth limit first.
  if (env.throttle?.isLimited()) await env.throttle.take(end - start, signal);
  const body = await request.source.read(start, end - start);
  request.onTransferring();
  const ack = await exchange(
    env,
    request,
    {
      type: 'Fragment',
      sessionId: state.sessionId,
      contentRange: fragmentRange(start, end, state.size),
      ...(start === 0 ? { contentName: contentNameOf(request.url) } : {}),
    },
    body,
  );
  if (isSessionLost(ack)) throw new SessionLost();
  // 416: the fragment did not start where the server is; its Ack says where that is.
  if (ack.status !== 200 && ack.status !== 416)
    throw new TransferProblem(ackFailure(ack, env.ports.clock.now()));
  if (ack.received === null || ack.received > state.size) {
    const detail = `BITS-Received-Content-Range ${ack.received ?? 'missing'} for ${state.size} bytes`;
    throw new TransferProblem({ kind: 'invalid-response', detail });
  }
  state.acknowledged = ack.received;
  if (ack.received === state.size) state.replyUrl = ack.replyUrl;
  if (
    recorded.probe ||
    ack.received === state.size ||
    Math.abs(ack.received - recorded.acknowledged) >= env.tuning.uploadRecordBytes
  ) {
    await request.save();
    recorded.acknowledged = ack.received;
    recorded.probe = false;
  }
  request.onProgress(state.acknowledged);
}

/** upload-reply: the reply is fetched before Close-Session, after which the server drops it. */
async function fetchReply(env: TransferEnv, request: UploadRequest): Promise<void> {
  const { state } = request;
  if (request.job.type !== 'upload-reply') return;
  let reply: Uint8Array = new Uint8Array(0);
  // No BITS-Reply-URL: the server application gave no reply, and the reply is empty (GetReplyData).
  if (state.replyUrl !== null) {
    const url = resolveReplyUrl(state.replyUrl, packetUrl(request.url, state.hostId));
    if (url === null) {
      const detail = `BITS-Reply-URL is not an http(s) URL: ${state.replyUrl.slice(0, 200)}`;
      throw new TransferProblem({ kind: 'invalid-response', detail });
    }
    reply = await downloadReply(env, request.job, url, request.label, request.signal);
  }
  await request.storeReply(reply);
  state.replyBytes = reply.byteLength;
  await request.save();
}

async function closeSession(env: TransferEnv, request: UploadRequest): Promise<void> {
  const ack = await exchange(env, request, { type: 'Close-Session', sessionId: request.state.sessionId });
  if (isSessionLost(ack)) throw new SessionLost();
  if (ack.status < 200 || ack.status > 299) throw new TransferProblem(ackFailure(ack, env.ports.clock.now()));
  request.state.closed = true;
  await request.save();
}

/**
 * BITS-Host-Id-Fallback-Timeout: once packets to the host id fail to connect for that long, the
 * URL's own server is used again. Without a timeout the host id is kept for good (the pages).
 */
async function noteHostIdFailure(
  env: TransferEnv,
  request: UploadRequest,
  problem: TransferProblem,
): Promise<void> {
  const { state } = request;
  if (state.hostId === null || problem.problem.kind !== 'network') return;
  const now = env.ports.clock.now();
  state.hostIdFailingSince ??= now;
  if (state.hostIdFallbackMs !== null && now - state.hostIdFailingSince >= state.hostIdFallbackMs) {
    state.hostId = null;
    state.hostIdFailingSince = null;
  }
  await request.save();
}

/** The upload's name for `Content-Name`: the URL's last path segment, as the URL spells it (ASCII). */
function contentNameOf(url: string): string {
  return new URL(url).pathname.split('/').pop() || 'upload';
}

function lostTooOften(label: FileLabel): TransferFailure {
  const failure = classifyFailure(
    { kind: 'invalid-response', detail: `the server lost the upload session ${MAX_SESSIONS_LOST + 1} times` },
    label,
    'upload',
  );
  return new TransferFailure(failure.error, true);
}
