import type { Socket } from 'node:net';
import { formatResponse, parseRequestHead, type RequestHead } from './http-wire';
import type { WireResponse } from './protocol';
import { ConnectionLost, SocketReader } from './socket-reader';

/** How long a closing connection may stay half-open, waiting for the client's end, before it is destroyed. */
const LINGER_MS = 2000;

/** Longer heads are refused: MC-BUP allows 4 KB per value, and a BITS packet has few headers. */
const HEAD_LIMIT = 64 * 1024;

/** A request's body, read at most once, in order. */
export interface RequestBody {
  readonly length: number;
  /** Bytes read so far. */
  readonly consumed: number;
  /** The next body bytes as they arrive, up to `limit` in all (counting what was read before). */
  chunks(limit?: number): AsyncGenerator<Buffer>;
  /** Reads and drops the rest, so the connection can carry the next request. */
  drain(): Promise<void>;
}

export interface IncomingRequest {
  head: RequestHead;
  body: RequestBody;
}

export type Reply = { kind: 'response'; response: WireResponse } | { kind: 'reset' };

export interface ConnectionHooks {
  handle(request: IncomingRequest): Promise<Reply>;
  /** The answer to a head that cannot be parsed; the connection closes after it. */
  malformed(reason: string, status: number): WireResponse;
  onBodyBytes(bytes: number): void;
  onError(error: unknown): void;
}

class SocketBody implements RequestBody {
  consumed = 0;
  private continued = false;

  constructor(
    private readonly reader: SocketReader,
    private readonly socket: Socket,
    private readonly head: RequestHead,
    private readonly onBytes: (bytes: number) => void,
  ) {}

  get length(): number {
    return this.head.contentLength ?? 0;
  }

  async *chunks(limit = Infinity): AsyncGenerator<Buffer> {
    const wanted = Math.min(this.length, limit) - this.consumed;
    if (wanted <= 0) return;
    if (!this.continued && (this.head.headers.get('expect') ?? '').toLowerCase() === '100-continue') {
      this.continued = true;
      this.socket.write('HTTP/1.1 100 Continue\r\n\r\n');
    }
    for await (const chunk of this.reader.body(wanted)) {
      this.consumed += chunk.length;
      this.onBytes(chunk.length);
      yield chunk;
    }
  }

  async drain(): Promise<void> {
    for await (const _chunk of this.chunks()) {
      // dropped
    }
  }
}

function write(socket: Socket, bytes: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.write(bytes, (error) => (error ? reject(new ConnectionLost(error.message)) : resolve()));
  });
}

/**
 * Serves requests on one connection, one at a time, until the client closes it, asks to close it
 * (`Connection: close`, HTTP/1.0) or breaks it. A reset or a body cut short ends only this connection.
 */
export async function serveConnection(socket: Socket, hooks: ConnectionHooks): Promise<void> {
  // Errors surface through the reader; this keeps a reset during a write from being unhandled.
  socket.on('error', () => undefined);
  const reader = new SocketReader(socket);
  try {
    for (;;) {
      const raw = await reader.readHead(HEAD_LIMIT);
      if (raw === null) break;
      const parsed =
        raw === 'too-large' ? { ok: false as const, reason: 'head too large' } : parseRequestHead(raw);
      if (!parsed.ok) {
        await write(
          socket,
          formatResponse(hooks.malformed(parsed.reason, raw === 'too-large' ? 431 : 400), false),
        );
        break;
      }
      const { head } = parsed;
      const body = new SocketBody(reader, socket, head, hooks.onBodyBytes);
      const reply = await hooks.handle({ head, body });
      if (reply.kind === 'reset') {
        socket.resetAndDestroy();
        return;
      }
      await body.drain();
      await write(socket, formatResponse(reply.response, head.keepAlive));
      if (!head.keepAlive) break;
    }
    // The client's own end (or reset) may still be on its way: read it, so the socket closes cleanly.
    socket.end();
    setTimeout(() => socket.destroy(), LINGER_MS).unref();
    await reader.discardRest();
  } catch (error) {
    if (!(error instanceof ConnectionLost)) hooks.onError(error);
    socket.destroy();
  }
}
