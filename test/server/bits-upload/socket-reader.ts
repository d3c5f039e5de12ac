import type { Socket } from 'node:net';

/** The client's connection ended (or was reset) inside a request. */
export class ConnectionLost extends Error {
  constructor(message = 'the connection ended inside a request') {
    super(message);
  }
}

const HEAD_END = Buffer.from('\r\n\r\n');

/**
 * Reads requests off one socket: a head up to its empty line, then exactly the body's bytes. The
 * socket is read only as fast as the bytes are taken (its async iterator pauses it in between),
 * so a large fragment streams to disk instead of piling up in memory.
 */
export class SocketReader {
  private buffered: Buffer = Buffer.alloc(0);
  private readonly chunks: AsyncIterator<Buffer>;

  constructor(socket: Socket) {
    this.chunks = socket[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  }

  /** False once the socket has ended; a reset surfaces as ConnectionLost. */
  private async pull(): Promise<boolean> {
    let next: IteratorResult<Buffer>;
    try {
      next = await this.chunks.next();
    } catch (error) {
      throw new ConnectionLost(error instanceof Error ? error.message : String(error));
    }
    if (next.done) return false;
    this.buffered = this.buffered.length === 0 ? next.value : Buffer.concat([this.buffered, next.value]);
    return true;
  }

  /**
   * The next head (without its empty line) as latin1 text; null when the client closed between
   * requests; 'too-large' past `limit` bytes. Empty lines before a request line are skipped (RFC 9112 §2.2).
   */
  async readHead(limit: number): Promise<string | null | 'too-large'> {
    for (;;) {
      while (this.buffered.subarray(0, 2).toString('latin1') === '\r\n')
        this.buffered = this.buffered.subarray(2);
      const end = this.buffered.indexOf(HEAD_END);
      if (end >= 0) {
        const head = this.buffered.subarray(0, end).toString('latin1');
        this.buffered = this.buffered.subarray(end + HEAD_END.length);
        return head;
      }
      if (this.buffered.length > limit) return 'too-large';
      if (!(await this.pull())) {
        if (this.buffered.length === 0) return null;
        throw new ConnectionLost('the connection ended inside a request head');
      }
    }
  }

  /** Reads and drops whatever else the client sends until it closes, so the socket can end. */
  async discardRest(): Promise<void> {
    try {
      while (await this.pull()) this.buffered = Buffer.alloc(0);
    } catch {
      // A reset after the last response changes nothing.
    }
  }

  /** The next `length` body bytes as they arrive; ConnectionLost if the socket ends first. */
  async *body(length: number): AsyncGenerator<Buffer> {
    let left = length;
    while (left > 0) {
      if (this.buffered.length === 0 && !(await this.pull())) throw new ConnectionLost();
      const take = Math.min(left, this.buffered.length);
      const chunk = this.buffered.subarray(0, take);
      this.buffered = this.buffered.subarray(take);
      left -= take;
      yield chunk;
    }
  }
}
