/**
 * A minimal RFC 6455 WebSocket client over node:http, standing in for the browser's WebSocket in
 * Node 20 tests (Node 20 has one only behind --experimental-websocket). Text frames, masking,
 * fragments, ping/pong and close: what aria2 speaks ("The supported WebSocket version is 13").
 */
import { createHash, randomBytes } from 'node:crypto';
import { request } from 'node:http';
import type { Socket } from 'node:net';
import type { WebSocketLike } from '../../../src/engine/aria2/ws-transport';

type Listener = (event: { data: unknown }) => void;
const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const TEXT = 1;
const CLOSE = 8;
const PING = 9;
const PONG = 10;

export class NodeWebSocket implements WebSocketLike {
  readyState = 0;
  private socket: Socket | null = null;
  private pending = Buffer.alloc(0);
  private fragments: Buffer[] = [];
  private fragmentOpcode = 0;
  private readonly listeners = new Map<string, Listener[]>();

  constructor(url: string) {
    const target = new URL(url);
    if (target.protocol !== 'ws:')
      throw new SyntaxError(`NodeWebSocket speaks ws: only, not ${target.protocol}`);
    const key = randomBytes(16).toString('base64');
    const upgrade = request({
      host: target.hostname,
      port: target.port,
      path: `${target.pathname}${target.search}`,
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': key,
      },
    });
    upgrade.on('upgrade', (response, socket, head) => {
      if (this.readyState === 3) {
        // close() was called while connecting.
        socket.destroy();
        return;
      }
      const accept = createHash('sha1').update(`${key}${GUID}`).digest('base64');
      if (response.headers['sec-websocket-accept'] !== accept) {
        socket.destroy();
        this.fail();
        return;
      }
      this.socket = socket;
      this.readyState = 1;
      socket.on('data', (chunk: Buffer) => this.read(chunk));
      socket.on('close', () => this.closed());
      socket.on('error', () => this.fail());
      this.emit('open');
      if (head.length > 0) this.read(head);
    });
    upgrade.on('response', (response) => {
      response.resume();
      this.fail();
    });
    upgrade.on('error', () => this.fail());
    upgrade.end();
  }

  addEventListener(type: string, listener: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  send(data: string): void {
    if (this.readyState !== 1 || this.socket === null) throw new Error('InvalidStateError: not open');
    this.socket.write(frame(TEXT, Buffer.from(data, 'utf8')));
  }

  close(code = 1000): void {
    if (this.readyState >= 2) return;
    if (this.socket === null) {
      this.fail();
      return;
    }
    this.readyState = 2;
    const payload = Buffer.alloc(2);
    payload.writeUInt16BE(code);
    const socket = this.socket;
    socket.end(frame(CLOSE, payload));
    setTimeout(() => socket.destroy(), 1000).unref();
  }

  private read(chunk: Buffer): void {
    this.pending = Buffer.concat([this.pending, chunk]);
    for (;;) {
      const parsed = parseFrame(this.pending);
      if (parsed === null) return;
      this.pending = this.pending.subarray(parsed.size);
      this.handle(parsed.fin, parsed.opcode, parsed.payload);
    }
  }

  private handle(fin: boolean, opcode: number, payload: Buffer): void {
    if (opcode === PING) this.socket?.write(frame(PONG, payload));
    if (opcode === CLOSE) this.close();
    if (opcode >= CLOSE) return;
    if (opcode !== 0) this.fragmentOpcode = opcode;
    this.fragments.push(payload);
    if (!fin) return;
    const message = Buffer.concat(this.fragments);
    this.fragments = [];
    this.emit('message', this.fragmentOpcode === TEXT ? message.toString('utf8') : message);
  }

  private fail(): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.socket?.destroy();
    this.emit('error');
    this.emit('close');
  }

  private closed(): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.emit('close');
  }

  private emit(type: string, data?: unknown): void {
    for (const listener of this.listeners.get(type) ?? []) listener({ data });
  }
}

/** A client frame: FIN set, masked as RFC 6455 requires of clients. */
function frame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  const header = length < 126 ? Buffer.alloc(2) : length < 65536 ? Buffer.alloc(4) : Buffer.alloc(10);
  header[0] = 0x80 | opcode;
  if (length < 126) header[1] = 0x80 | length;
  else if (length < 65536) {
    header[1] = 0x80 | 126;
    header.writeUInt16BE(length, 2);
  } else {
    header[1] = 0x80 | 127;
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  const mask = randomBytes(4);
  const masked = Buffer.from(payload.map((byte, i) => byte ^ (mask[i % 4] ?? 0)));
  return Buffer.concat([header, mask, masked]);
}

function parseFrame(buffer: Buffer): { fin: boolean; opcode: number; payload: Buffer; size: number } | null {
  if (buffer.length < 2) return null;
  const first = buffer[0] ?? 0;
  const second = buffer[1] ?? 0;
  let length = second & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (buffer.length < 4) return null;
    length = buffer.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (buffer.length < 10) return null;
    length = Number(buffer.readBigUInt64BE(2));
    offset = 10;
  }
  const masked = (second & 0x80) !== 0;
  const mask = masked ? buffer.subarray(offset, offset + 4) : null;
  if (masked) offset += 4;
  if (buffer.length < offset + length) return null;
  const body = buffer.subarray(offset, offset + length);
  const payload = mask === null ? Buffer.from(body) : Buffer.from(body.map((b, i) => b ^ (mask[i % 4] ?? 0)));
  return { fin: (first & 0x80) !== 0, opcode: first & 0x0f, payload, size: offset + length };
}
