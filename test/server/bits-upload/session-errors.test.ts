import { existsSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HRESULT, startBitsUploadServer, UPLOAD_PROTOCOL, type BitsUploadServer } from './index';
import { PacketClient, payload, type PacketResponse } from './test-client';

let server: BitsUploadServer;
let client: PacketClient;
const PATH = '/up/file.bin';
const UNKNOWN = '{6E1B1F5A-0000-4000-8000-000000000000}';

beforeEach(async () => {
  server = await startBitsUploadServer();
  client = new PacketClient(server.origin);
});

afterEach(async () => {
  client.close();
  await server.close();
});

function expectNotFound(response: PacketResponse): void {
  expect(response.status).toBe(500);
  expect(response.headers['bits-packet-type']).toBe('Ack');
  expect(response.headers['bits-error-code']).toBe(HRESULT.BG_E_SESSION_NOT_FOUND);
  expect(response.headers['bits-error-context']).toBe('0x5');
}

function expectInvalid(response: PacketResponse, status = 400): void {
  expect(response.status).toBe(status);
  expect(response.headers['bits-error-code']).toBe(HRESULT.E_INVALIDARG);
  expect(response.headers['bits-error-context']).toBe('0x5');
}

describe('Cancel-Session and unknown sessions', () => {
  it('deletes the partial upload on Cancel-Session', async () => {
    const data = payload(8000);
    const id = await client.createSession(PATH);
    const { tempFile } = server.sessions.get(id) ?? { tempFile: '' };
    await client.fragment(PATH, id, data, 0, 5000);
    const cancelled = await client.packet(PATH, 'Cancel-Session', id);
    expect(cancelled.status).toBe(200);
    expect(cancelled.headers['bits-session-id']).toBe(id);
    expect(server.sessions.has(id)).toBe(false);
    expect(existsSync(tempFile)).toBe(false);
    expect(server.uploadedFile(PATH)).toBeUndefined();
    expectNotFound(await client.fragment(PATH, id, data, 5000, 3000));
  });

  it('cancels an upload that has every byte but was not closed: nothing is committed', async () => {
    const data = payload(3000);
    const id = await client.createSession(PATH);
    await client.uploadAll(PATH, id, data, 3000);
    await client.packet(PATH, 'Cancel-Session', id);
    expectNotFound(await client.packet(PATH, 'Close-Session', id));
    expect(server.uploadedFile(PATH)).toBeUndefined();
  });

  it('answers every packet for an unknown session with 500 and BG_E_SESSION_NOT_FOUND', async () => {
    expectNotFound(await client.fragment(PATH, UNKNOWN, payload(100), 0, 100));
    expectNotFound(await client.packet(PATH, 'Close-Session', UNKNOWN));
    expectNotFound(await client.packet(PATH, 'Cancel-Session', UNKNOWN));
    expectNotFound(await client.send(PATH, 'Fragment', { 'Content-Range': 'bytes 0-0/1' }, Buffer.from('x')));
    expect(server.stats.log.map((entry) => entry.errorCode)).toEqual(Array(4).fill('0x8020001F'));
  });

  it('forgets an expired session, and all of them with expireAll', async () => {
    const data = payload(4000);
    const [a, b, c] = [
      await client.createSession(PATH),
      await client.createSession(PATH),
      await client.createSession(PATH),
    ];
    await client.fragment(PATH, a, data, 0, 1000);
    server.expireSession(a);
    expect(server.sessions.has(a)).toBe(false);
    expectNotFound(await client.fragment(PATH, a, data, 1000, 1000));
    expect((await client.fragment(PATH, b, data, 0, 1000)).status).toBe(200);
    server.expireAll();
    expect(server.sessions.size).toBe(0);
    expectNotFound(await client.fragment(PATH, b, data, 1000, 1000));
    expectNotFound(await client.packet(PATH, 'Close-Session', c));
  });
});

describe('request validation', () => {
  it('refuses a bad Content-Range, a length that does not match it, and a changed total', async () => {
    const data = payload(1000);
    const id = await client.createSession(PATH);
    const send = (range: string, body: Buffer): Promise<PacketResponse> =>
      client.send(PATH, 'Fragment', { 'BITS-Session-Id': id, 'Content-Range': range }, body);
    expectInvalid(await send('bytes 0-99', data.subarray(0, 100)));
    expectInvalid(await send('bytes 0-99/50', data.subarray(0, 100)));
    expectInvalid(await send('bytes 99-0/1000', data.subarray(0, 100)));
    expectInvalid(await send('bytes 0-99/1000', data.subarray(0, 90)));
    expectInvalid(await client.send(PATH, 'Fragment', { 'BITS-Session-Id': id }, data.subarray(0, 100)));
    expect((await send('bytes 0-99/1000', data.subarray(0, 100))).status).toBe(200);
    expectInvalid(await send('bytes 100-199/2000', data.subarray(100, 200)));
    expect(server.sessions.get(id)?.received).toBe(100);
  });

  it('refuses an encoding other than identity', async () => {
    const id = await client.createSession(PATH);
    const headers = { 'BITS-Session-Id': id, 'Content-Range': 'bytes 0-9/10', 'Content-Encoding': 'gzip' };
    expectInvalid(await client.send(PATH, 'Fragment', headers, payload(10)));
  });

  it('refuses an unknown or missing BITS-Packet-Type, and a body on a packet that has none', async () => {
    expectInvalid(await client.send(PATH, 'Upload-Everything'));
    expectInvalid(await client.send(PATH, null));
    expectInvalid(await client.send(PATH, 'Ping', {}, Buffer.from('hello')));
    const capitals = await client.send(PATH, 'CREATE-SESSION', {
      'BITS-Supported-Protocols': UPLOAD_PROTOCOL,
    });
    expect(capitals.status).toBe(200);
    expect(server.stats.byPacketType.get('Create-Session')).toBe(1);
    expect(server.stats.byPacketType.get('other')).toBe(1);
    expect(server.stats.byPacketType.get('Upload-Everything')).toBe(1);
  });

  it('refuses a header value over 4 KB', async () => {
    expectInvalid(await client.send(PATH, 'Ping', { 'X-Long': 'x'.repeat(4097) }));
  });

  it('answers 411 to a BITS_POST without Content-Length (what fetch sends for an empty body)', async () => {
    const response = await fetch(server.url(PATH), {
      method: 'BITS_POST',
      headers: { 'BITS-Packet-Type': 'Ping' },
    });
    expect(response.status).toBe(411);
    expect(response.headers.get('bits-error-code')).toBe(HRESULT.E_INVALIDARG);
  });

  it('takes packets without Content-Length when told to', async () => {
    const lenient = await startBitsUploadServer({ requireContentLength: false });
    try {
      const response = await fetch(lenient.url(PATH), {
        method: 'BITS_POST',
        headers: { 'BITS-Packet-Type': 'Ping' },
      });
      expect(response.status).toBe(200);
    } finally {
      await lenient.close();
    }
  });

  it('answers a fragment over maxFragmentBytes with 413 and BG_E_TOO_LARGE', async () => {
    const small = await startBitsUploadServer({ maxFragmentBytes: 1000 });
    const smallClient = new PacketClient(small.origin);
    try {
      const data = payload(3000);
      const id = await smallClient.createSession(PATH);
      const big = await smallClient.fragment(PATH, id, data, 0, 1001);
      expect(big.status).toBe(413);
      expect(big.headers['bits-error-code']).toBe(HRESULT.BG_E_TOO_LARGE);
      expect((await smallClient.uploadAll(PATH, id, data, 1000)).status).toBe(200);
    } finally {
      smallClient.close();
      await small.close();
    }
  });

  it('names errors in BITS-Error when configured (MC-BUP spelling)', async () => {
    const spec = await startBitsUploadServer({ errorHeader: 'BITS-Error' });
    const specClient = new PacketClient(spec.origin);
    try {
      const response = await specClient.packet(PATH, 'Close-Session', UNKNOWN);
      expect(response.headers['bits-error']).toBe(HRESULT.BG_E_SESSION_NOT_FOUND);
      expect(response.headers['bits-error-code']).toBeUndefined();
      expect(spec.stats.log[0]?.errorCode).toBe(HRESULT.BG_E_SESSION_NOT_FOUND);
    } finally {
      specClient.close();
      await spec.close();
    }
  });

  it('answers other methods with 405 and a GET of an upload path with 404', async () => {
    const post = await fetch(server.url(PATH), { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('BITS_POST, GET, HEAD');
    expect((await fetch(server.url(PATH))).status).toBe(404);
  });
});
