import { decideRange } from '../http-range';
import { plainResponse, type RequestHead } from './http-wire';
import type { WireResponse } from './protocol';
import type { ReplyOptions, UploadedFile } from './types';
import type { UploadSession } from './upload-session';

export interface ReplyEntry {
  body: Buffer;
  contentType: string;
}

/**
 * Where a session's reply is served: MC-BUP 4.2 shows `BITS-Sessions\Replies\{id}\responsefile.bin`,
 * which its client fetched as `<upload directory>/BITS-Sessions/Replies/%7B…%7D/responsefile.bin`.
 */
export function replyPathFor(session: UploadSession): string {
  const directory = session.path.slice(0, session.path.lastIndexOf('/') + 1);
  return `${directory}BITS-Sessions/Replies/${session.id}/responsefile.bin`;
}

/** The value of `BITS-Reply-URL` for a session whose reply is at `replyPath`. */
export function replyUrlHeader(options: ReplyOptions, session: UploadSession, origin: string): string {
  if (options.urlStyle === 'relative') return `BITS-Sessions\\Replies\\${session.id}\\responsefile.bin`;
  return origin + encodeURI(replyPathFor(session));
}

/** What the "server application" answers for an upload that has all its bytes. */
export function replyEntry(options: ReplyOptions, upload: UploadedFile): ReplyEntry {
  const made = typeof options.body === 'function' ? options.body(upload) : (options.body ?? upload.sha256);
  return {
    body: typeof made === 'string' ? Buffer.from(made) : Buffer.from(made),
    contentType: options.contentType ?? 'application/octet-stream',
  };
}

/** GET or HEAD of a reply: the whole body, or one range of it (as MC-BUP's client asks). */
export function serveReply(head: RequestHead, reply: ReplyEntry | undefined): WireResponse {
  if (!reply) return plainResponse(404);
  const total = reply.body.length;
  const range = decideRange(head.headers.get('range'), total);
  const headers: [string, string][] = [
    ['Content-Type', reply.contentType],
    ['Accept-Ranges', 'bytes'],
    ['Cache-Control', 'no-store'],
  ];
  if (range.kind === 'unsatisfiable') {
    return {
      status: 416,
      headers: [...headers, ['Content-Range', `bytes */${total}`]],
      body: Buffer.alloc(0),
    };
  }
  const [status, start, end] = range.kind === 'partial' ? [206, range.start, range.end] : [200, 0, total - 1];
  if (status === 206) headers.push(['Content-Range', `bytes ${start}-${end}/${total}`]);
  const body = reply.body.subarray(start, end + 1);
  if (head.method === 'HEAD')
    return { status, headers: [...headers, ['Content-Length', String(body.length)]] };
  return { status, headers, body };
}
