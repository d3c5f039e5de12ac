import { createHash } from 'node:crypto';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startBitsUploadServer, UPLOAD_PROTOCOL, type BitsUploadServer } from './index';
import { PacketClient, payload, rawExchange } from './test-client';

let server: BitsUploadServer;
let client: PacketClient;
let port: number;
const PATH = '/up/wire.bin';

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
const ping = (extra = ''): string =>
  `BITS_POST ${PATH} HTTP/1.1\r\nHost: x\r\nBITS-Packet-Type: Ping\r\nContent-Length: 0\r\n${extra}\r\n`;

beforeEach(async () => {
  server = await startBitsUploadServer();
  client = new PacketClient(server.origin);
  port = Number(new URL(server.origin).port);
});

afterEach(async () => {
  client.close();
  await server.close();
});

describe('connections', () => {
  it('serves a whole upload over one keep-alive connection', async () => {
    const data = payload(300_000);
    await client.send(PATH, 'Ping');
    const id = await client.createSession(PATH);
    await client.uploadAll(PATH, id, data, 64 * 1024);
    await client.packet(PATH, 'Close-Session', id);
    expect(server.stats.requests).toBe(8);
    expect(server.stats.connections).toBe(1);
  });

  it('reuses connections for fetch too', async () => {
    for (let i = 0; i < 6; i++) {
      const response = await fetch(server.url('/missing'));
      await response.arrayBuffer();
    }
    expect(server.stats.requests).toBe(6);
    // undici opens a second socket when the next request comes before it has released the first.
    expect(server.stats.connections).toBeLessThanOrEqual(2);
  });

  it('answers pipelined requests in order, and closes after Connection: close', async () => {
    const text = await rawExchange(port, ping() + ping('Connection: close\r\n'));
    expect(text.match(/HTTP\/1\.1 200 OK/g)).toHaveLength(2);
    expect(text).toContain('Connection: close');
  });

  it('answers a malformed request with 400, closes that connection and keeps serving', async () => {
    const text = await rawExchange(port, 'NOT A REQUEST\r\n\r\n');
    expect(text).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(text).toContain('Connection: close');
    const bad = await rawExchange(port, `BITS_POST ${PATH} HTTP/1.1\r\nno colon here\r\n\r\n`);
    expect(bad).toMatch(/^HTTP\/1\.1 400 /);
    const chunked = await rawExchange(
      port,
      `BITS_POST ${PATH} HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
    );
    expect(chunked).toMatch(/^HTTP\/1\.1 400 /);
    expect((await client.send(PATH, 'Ping')).status).toBe(200);
    expect(server.stats.log.slice(0, 3).map((entry) => entry.status)).toEqual([400, 400, 400]);
  });

  it('refuses a BITS packet in HTTP/1.0', async () => {
    const text = await rawExchange(
      port,
      `BITS_POST ${PATH} HTTP/1.0\r\nBITS-Packet-Type: Ping\r\nContent-Length: 0\r\n\r\n`,
    );
    expect(text).toMatch(/^HTTP\/1\.1 400 /);
    expect(text).toContain('BITS-Error-Code: 0x80070057');
  });

  it('answers Expect: 100-continue before reading the body', async () => {
    const id = await client.createSession(PATH);
    const head =
      `BITS_POST ${PATH} HTTP/1.1\r\nBITS-Packet-Type: Fragment\r\nBITS-Session-Id: ${id}\r\n` +
      'Content-Range: bytes 0-3/4\r\nContent-Length: 4\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n';
    const socket = connect(port, '127.0.0.1');
    const parts: Buffer[] = [];
    socket.on('data', (part) => {
      if (parts.length === 0) socket.write('abcd');
      parts.push(part);
    });
    socket.write(head);
    await new Promise((resolve) => socket.on('close', resolve));
    const text = Buffer.concat(parts).toString();
    expect(text).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 OK\r\n/);
    expect(text).toContain('BITS-Received-Content-Range: 4');
  });

  it('survives a client that resets mid-body, keeping none of that fragment', async () => {
    const data = payload(100_000);
    const id = await client.createSession(PATH);
    await client.fragment(PATH, id, data, 0, 20_000);
    const aborted = server.waitForRequest((entry) => entry.outcome === 'aborted');
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    socket.write(
      `BITS_POST ${PATH} HTTP/1.1\r\nBITS-Packet-Type: Fragment\r\nBITS-Session-Id: ${id}\r\n` +
        `Content-Range: bytes 20000-99999/100000\r\nContent-Length: 80000\r\n\r\n`,
    );
    socket.write(data.subarray(20_000, 50_000));
    await sleep(50);
    socket.resetAndDestroy();
    expect(await aborted).toMatchObject({ packetType: 'Fragment', status: 0, bodyBytes: 30_000 });
    expect(server.sessions.get(id)?.received).toBe(20_000);

    await client.uploadAll(PATH, id, data, 40_000);
    await client.packet(PATH, 'Close-Session', id);
    expect(server.uploadedFile(PATH)?.sha256).toBe(sha256(data));
  });

  it('answers a CORS preflight and exposes the BITS headers', async () => {
    for (let i = 0; i < 2; i++) {
      const preflight = await fetch(server.url(PATH), { method: 'OPTIONS' });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-methods')).toContain('BITS_POST');
      expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
      expect(preflight.headers.get('content-length')).toBeNull();
      expect(await preflight.text()).toBe('');
    }
    const created = await client.send(PATH, 'Create-Session', {
      'BITS-Supported-Protocols': UPLOAD_PROTOCOL,
    });
    expect(created.headers['access-control-expose-headers']).toContain('BITS-Received-Content-Range');
  });

  it('streams a large upload to disk fragment by fragment', async () => {
    const size = 48 * 1024 * 1024;
    const fragment = payload(8 * 1024 * 1024, 9);
    const whole = createHash('sha256');
    const id = await client.createSession(PATH);
    for (let start = 0; start < size; start += fragment.length) {
      whole.update(fragment);
      const range = `bytes ${start}-${start + fragment.length - 1}/${size}`;
      const response = await client.send(
        PATH,
        'Fragment',
        { 'BITS-Session-Id': id, 'Content-Range': range },
        fragment,
      );
      expect(response.headers['bits-received-content-range']).toBe(String(start + fragment.length));
    }
    await client.packet(PATH, 'Close-Session', id);
    expect(server.uploadedFile(PATH)).toMatchObject({ size, sha256: whole.digest('hex') });
  });
});
