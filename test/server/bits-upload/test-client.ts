import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { UPLOAD_PROTOCOL } from './protocol';

/** What a test client got back. `headers` has lower-case names. */
export interface PacketResponse {
  status: number;
  headers: Record<string, string | undefined>;
  body: Buffer;
}

/**
 * Sends BITS packets with `node:http` (it takes any token method and sends `Content-Length: 0`
 * for an empty body, which Node's fetch leaves out). One keep-alive socket, so a test can count
 * connections.
 */
export class PacketClient {
  readonly agent = new Agent({ keepAlive: true, maxSockets: 1 });

  constructor(private readonly origin: string) {}

  send(
    path: string,
    packetType: string | null,
    headers: Record<string, string> = {},
    body: Buffer = Buffer.alloc(0),
  ): Promise<PacketResponse> {
    const all: Record<string, string> = { ...headers, 'Content-Length': String(body.length) };
    if (packetType !== null) all['BITS-Packet-Type'] = packetType;
    return new Promise((resolve, reject) => {
      const sent = request(
        this.origin + path,
        { method: 'BITS_POST', headers: all, agent: this.agent },
        (res) => {
          const parts: Buffer[] = [];
          res.on('data', (part: Buffer) => parts.push(part));
          res.on('error', reject);
          res.on('end', () => {
            const flat: Record<string, string | undefined> = {};
            for (const [name, value] of Object.entries(res.headers)) {
              flat[name] = Array.isArray(value) ? value.join(', ') : value;
            }
            resolve({ status: res.statusCode ?? 0, headers: flat, body: Buffer.concat(parts) });
          });
        },
      );
      sent.on('error', reject);
      sent.end(body);
    });
  }

  async createSession(path: string, extra: Record<string, string> = {}): Promise<string> {
    const response = await this.send(path, 'Create-Session', {
      'BITS-Supported-Protocols': UPLOAD_PROTOCOL,
      ...extra,
    });
    const id = response.headers['bits-session-id'];
    if (response.status !== 200 || id === undefined) throw new Error(`Create-Session got ${response.status}`);
    return id;
  }

  /** Bytes start..start+length-1 of `data` as one Fragment. */
  fragment(path: string, id: string, data: Buffer, start: number, length: number): Promise<PacketResponse> {
    const end = start + length - 1;
    return this.send(
      path,
      'Fragment',
      { 'BITS-Session-Id': id, 'Content-Range': `bytes ${start}-${end}/${data.length}` },
      data.subarray(start, end + 1),
    );
  }

  /** Every fragment in order, each starting where the last Ack said; the last Ack. */
  async uploadAll(path: string, id: string, data: Buffer, fragmentBytes: number): Promise<PacketResponse> {
    let next = 0;
    for (;;) {
      const response = await this.fragment(path, id, data, next, Math.min(fragmentBytes, data.length - next));
      if (response.status !== 200) throw new Error(`Fragment at ${next} got ${response.status}`);
      next = Number(response.headers['bits-received-content-range']);
      if (next >= data.length) return response;
    }
  }

  packet(path: string, packetType: string, id: string): Promise<PacketResponse> {
    return this.send(path, packetType, { 'BITS-Session-Id': id });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Writes `bytes` on a fresh TCP connection and collects what comes back until the server closes it. */
export function rawExchange(port: number, bytes: string | Buffer, endAfterWrite = false): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const parts: Buffer[] = [];
    socket.on('data', (part) => parts.push(part));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(parts).toString('latin1')));
    socket.write(bytes, () => {
      if (endAfterWrite) socket.end();
    });
  });
}

/** A deterministic test payload. */
export function payload(size: number, seed = 1): Buffer {
  const bytes = Buffer.alloc(size);
  let state = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}
