import type { IncomingRequest, Reply } from './connection';
import { parseFragmentRange } from './content-range';
import { ack, errorAck, HRESULT } from './protocol';
import type { ServerContext } from './server-context';
import { prepareReply } from './session-packets';
import type { UploadSession } from './upload-session';

/**
 * A Fragment of a known session. Its `Content-Range: bytes a-b/total` must be valid (RFC 2616
 * §14.16), match `Content-Length` and keep the first fragment's total, else 400 E_INVALIDARG
 * (MC-BUP 3.2.5.2.6 and its error table). A start past the bytes received is a gap: 416, and
 * `BITS-Received-Content-Range` says where to go on. A start before it is an overlap: only the new
 * bytes are written. Every Ack says the offset of the next byte expected (the pages' example: after
 * 128-212 it is 213).
 *
 * `resetAfter` (a reset fault): read that many body bytes, then reset the connection; a fragment cut
 * short that way keeps nothing, one that arrived whole is kept and only its Ack is lost. (A fragment
 * refused before its body is read is cut off by the router.)
 */
export async function handleFragment(
  context: ServerContext,
  { head, body }: IncomingRequest,
  session: UploadSession,
  resetAfter: number | null,
): Promise<Reply> {
  const fail = (status: number, errorCode: string): Reply => ({
    kind: 'response',
    response: errorAck(context.errorHeader, status, errorCode, session.id),
  });
  const range = parseFragmentRange(head.headers.get('content-range'));
  if (!range || head.contentLength !== range.end - range.start + 1) return fail(400, HRESULT.E_INVALIDARG);
  if (session.total !== null && range.total !== session.total) return fail(400, HRESULT.E_INVALIDARG);
  const encoding = head.headers.get('content-encoding');
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return fail(400, HRESULT.E_INVALIDARG);
  const { maxFragmentBytes } = context.options;
  if (maxFragmentBytes !== undefined && body.length > maxFragmentBytes)
    return fail(413, HRESULT.BG_E_TOO_LARGE);

  return session.exclusive(async (): Promise<Reply> => {
    if (!session.live) return fail(500, HRESULT.BG_E_SESSION_NOT_FOUND);
    const received: [string, string][] = [['BITS-Session-Id', session.id]];
    if (range.start > session.received) {
      received.push(['BITS-Received-Content-Range', String(session.received)]);
      return { kind: 'response', response: ack(416, received) };
    }
    const writer = session.fragmentWriter(range.start);
    for await (const chunk of body.chunks(resetAfter ?? Infinity)) await writer.write(chunk);
    if (body.consumed < body.length) return { kind: 'reset' };
    // Expired while its bytes were arriving: the session is gone, whatever arrived.
    if (!session.live) return fail(500, HRESULT.BG_E_SESSION_NOT_FOUND);
    writer.commit();
    session.total = range.total;
    session.contentName ??= head.headers.get('content-name') ?? null;
    if (session.state === 'uploaded') prepareReply(context, session);
    if (resetAfter !== null) return { kind: 'reset' };
    received.push(['BITS-Received-Content-Range', String(session.received)]);
    // MC-BUP 2.2.7.2: present on the Ack of the fragment holding the last byte (and so on a resent one).
    if (session.replyUrl !== null && range.end === range.total - 1)
      received.push(['BITS-Reply-URL', session.replyUrl]);
    return { kind: 'response', response: ack(200, received) };
  });
}
