import type { RequestHead } from './http-wire';
import { ack, errorAck, HRESULT, UPLOAD_PROTOCOL, type WireResponse } from './protocol';
import { replyEntry, replyPathFor, replyUrlHeader } from './reply';
import type { ServerContext } from './server-context';
import type { RequestLogEntry } from './types';
import type { UploadSession } from './upload-session';

/**
 * Create-Session: the client offers its protocols ("space-delimited", MC-BUP adds comma-delimited);
 * with none the server knows, 400 and E_INVALIDARG (MC-BUP 3.2.5.2.4). The Ack names the protocol
 * chosen, the new session, `Accept-Encoding: identity` (the only encoding BITS servers take) and,
 * when configured, the host later packets must go to.
 */
export async function createSession(
  context: ServerContext,
  head: RequestHead,
  entry: RequestLogEntry,
): Promise<WireResponse> {
  const offered = (head.headers.get('bits-supported-protocols') ?? '').split(/[\s,]+/);
  if (!offered.some((guid) => guid.toLowerCase() === UPLOAD_PROTOCOL)) {
    return errorAck(context.errorHeader, 400, HRESULT.E_INVALIDARG, null);
  }
  const session = await context.table.open(head.path, head.headers.get('content-name') ?? null);
  session.onWritten = (bytes) => void (context.stats.bytesWritten += bytes);
  entry.sessionId = session.id;
  const headers: [string, string][] = [
    ['BITS-Protocol', UPLOAD_PROTOCOL],
    ['BITS-Session-Id', session.id],
  ];
  const { hostId, hostIdFallbackTimeout } = context.options;
  if (hostId !== undefined) {
    headers.push(['BITS-Host-Id', hostId]);
    if (hostIdFallbackTimeout !== undefined) {
      headers.push(['BITS-Host-Id-Fallback-Timeout', String(hostIdFallbackTimeout)]);
    }
  }
  headers.push(['Accept-Encoding', 'identity']);
  return ack(200, headers);
}

function dropReply(context: ServerContext, session: UploadSession): void {
  if (session.replyPath !== null) context.replies.delete(session.replyPath);
}

/** The session timed out (or a fault lost it): its bytes and reply go, and its id is unknown from now on. */
export function forgetSession(context: ServerContext, session: UploadSession): void {
  dropReply(context, session);
  context.table.expire(session);
}

/**
 * Close-Session: with every byte there the upload moves to its destination (MC-BUP 3.2.5.2.7)
 * and the reply is deleted ("you must download the reply before sending Close-Session"). Sent
 * earlier, "the upload file is deleted; you cannot upload a partial file" (Close-Session page).
 */
export async function closeSession(context: ServerContext, session: UploadSession): Promise<WireResponse> {
  dropReply(context, session);
  if (session.state === 'uploaded') await context.table.commit(session);
  else await context.table.discard(session);
  return ack(200, [['BITS-Session-Id', session.id]]);
}

/** Cancel-Session: the partial upload, the reply and the session are deleted (MC-BUP 3.2.5.2.8). */
export async function cancelSession(context: ServerContext, session: UploadSession): Promise<WireResponse> {
  dropReply(context, session);
  await context.table.discard(session);
  return ack(200, [['BITS-Session-Id', session.id]]);
}

/**
 * An upload-reply that has every byte goes to the "server application" (here: the path's reply
 * options), and its reply is served until the session ends. Done once per session: a resent last
 * fragment gets the same URL again (MC-BUP's NotifyCache).
 */
export function prepareReply(context: ServerContext, session: UploadSession): void {
  const options = context.replyOptions.get(session.path);
  if (!options || session.replyPath !== null) return;
  const path = replyPathFor(session);
  context.replies.set(path, replyEntry(options, session.asUpload()));
  session.replyPath = path;
  session.replyUrl = replyUrlHeader(options, session, context.origin);
}
