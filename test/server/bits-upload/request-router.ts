import type { IncomingRequest, Reply } from './connection';
import { handleFragment } from './fragment-packet';
import { plainResponse } from './http-wire';
import { ack, errorAck, HRESULT, packetTypeOf, type WireResponse } from './protocol';
import { serveReply } from './reply';
import type { ServerContext } from './server-context';
import { cancelSession, closeSession, createSession, forgetSession } from './session-packets';
import type { Fault, PacketType, RequestLogEntry } from './types';

/** MC-BUP 2.2.1: "The size of the value of a header field SHOULD NOT be more than 4 kilobytes." */
const MAX_HEADER_VALUE = 4096;

const respond = (response: WireResponse): Reply => ({ kind: 'response', response });

/** The CORS preflight a page would need before a BITS_POST (a method no browser sends unasked). */
const PREFLIGHT: WireResponse = {
  status: 204,
  headers: [
    ['Access-Control-Allow-Methods', 'BITS_POST, GET, HEAD'],
    ['Access-Control-Allow-Headers', '*'],
    ['Access-Control-Max-Age', '600'],
  ],
};

/** One request: a CORS preflight, a reply GET, or a BITS packet. Other methods get 405. */
export async function dispatch(
  context: ServerContext,
  request: IncomingRequest,
  entry: RequestLogEntry,
): Promise<Reply> {
  const { head } = request;
  if (head.method === 'OPTIONS') return respond(PREFLIGHT);
  if (head.method === 'GET' || head.method === 'HEAD') {
    return respond(serveReply(head, context.replies.get(head.path)));
  }
  if (head.method !== 'BITS_POST') return respond(plainResponse(405, [['Allow', 'BITS_POST, GET, HEAD']]));
  const packet = packetTypeOf(entry.packetType ?? undefined);
  // "If the server receives a packet that it does not expect, the server should send an Ack packet
  // with a 400 (Bad Request) return code." (BITS Upload Protocol)
  if (head.version !== 'HTTP/1.1' || packet === null) {
    return respond(errorAck(context.errorHeader, 400, HRESULT.E_INVALIDARG, entry.sessionId));
  }
  const fault = context.faults.take(head.path, packet);
  entry.fault = fault?.kind ?? null;
  const reply = await handlePacket(context, request, entry, packet, fault);
  if (fault?.kind !== 'reset' || reply.kind === 'reset') return reply;
  // A packet answered before its body was read (an error, a gap) is still cut off after N bytes.
  for await (const _chunk of request.body.chunks(fault.afterBodyBytes)) {
    // dropped
  }
  return { kind: 'reset' };
}

/**
 * A BITS packet passes the common checks of MC-BUP 3.2.5.2.3 (Content-Length, no header value over
 * 4 KB, no body but a Fragment's, a session the server knows), then its own handler. A fault taken
 * for it is applied on the way.
 */
async function handlePacket(
  context: ServerContext,
  request: IncomingRequest,
  entry: RequestLogEntry,
  packet: PacketType,
  fault: Fault | null,
): Promise<Reply> {
  const { head, body } = request;
  const fail = (status: number, errorCode: string): Reply =>
    respond(errorAck(context.errorHeader, status, errorCode, entry.sessionId));
  if (head.contentLength === null && context.options.requireContentLength !== false) {
    return fail(411, HRESULT.E_INVALIDARG);
  }
  if (head.longestValue > MAX_HEADER_VALUE) return fail(400, HRESULT.E_INVALIDARG);
  if (fault?.kind === 'unavailable')
    return respond(plainResponse(503, [['Retry-After', fault.retryAfter ?? '1']]));
  if (fault?.kind === 'status') {
    return respond(
      errorAck(context.errorHeader, fault.status, fault.errorCode, entry.sessionId, fault.errorContext),
    );
  }
  if (fault?.kind === 'lose-session') {
    const lost = context.table.find(entry.sessionId ?? undefined);
    if (lost) forgetSession(context, lost);
  }
  if (packet !== 'Fragment' && body.length > 0) return fail(400, HRESULT.E_INVALIDARG);
  if (packet === 'Ping') return respond(ack(200));
  if (packet === 'Create-Session') return respond(await createSession(context, head, entry));
  const session = context.table.find(entry.sessionId ?? undefined);
  if (!session) return fail(500, HRESULT.BG_E_SESSION_NOT_FOUND);
  if (packet === 'Fragment') {
    return handleFragment(context, request, session, fault?.kind === 'reset' ? fault.afterBodyBytes : null);
  }
  const close = packet === 'Close-Session';
  return respond(close ? await closeSession(context, session) : await cancelSession(context, session));
}
