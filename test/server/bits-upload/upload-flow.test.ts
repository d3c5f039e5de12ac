import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startBitsUploadServer, UPLOAD_PROTOCOL, type BitsUploadServer } from './index';
import { PacketClient, payload } from './test-client';

let server: BitsUploadServer;
let client: PacketClient;
const PATH = '/up/album.zip';

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

beforeEach(async () => {
  server = await startBitsUploadServer();
  client = new PacketClient(server.origin);
});

afterEach(async () => {
  client.close();
  await server.close();
});

describe('Ping and Create-Session', () => {
  it('answers a Ping with an empty Ack', async () => {
    const response = await client.send(PATH, 'Ping');
    expect(response.status).toBe(200);
    expect(response.headers['bits-packet-type']).toBe('Ack');
    expect(response.headers['content-length']).toBe('0');
    expect(response.headers['bits-error-code']).toBeUndefined();
    expect(server.stats.byPacketType.get('Ping')).toBe(1);
  });

  it('creates a session with the protocol offered, a {GUID} id and identity encoding', async () => {
    const response = await client.send(PATH, 'Create-Session', {
      'BITS-Supported-Protocols': `{00000000-0000-0000-0000-000000000000} ${UPLOAD_PROTOCOL}`,
      'Content-Name': 'album.zip',
    });
    expect(response.status).toBe(200);
    expect(response.headers['bits-protocol']).toBe(UPLOAD_PROTOCOL);
    const id = response.headers['bits-session-id'] ?? '';
    expect(id).toMatch(/^\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}$/);
    expect(response.headers['accept-encoding']).toBe('identity');
    expect(response.headers['bits-host-id']).toBeUndefined();
    const session = server.sessions.get(id);
    expect(session).toMatchObject({
      path: PATH,
      state: 'receiving',
      received: 0,
      total: null,
      contentName: 'album.zip',
    });
    expect(server.stats.log.at(-1)).toMatchObject({
      packetType: 'Create-Session',
      sessionId: id,
      status: 200,
    });
  });

  it('accepts a comma-delimited list and a GUID in capitals', async () => {
    const list = `{11111111-1111-1111-1111-111111111111},${UPLOAD_PROTOCOL.toUpperCase()}`;
    const response = await client.send(PATH, 'Create-Session', { 'BITS-Supported-Protocols': list });
    expect(response.status).toBe(200);
  });

  it('refuses a Create-Session without a protocol it knows: 400, E_INVALIDARG, server context', async () => {
    const response = await client.send(PATH, 'Create-Session', {
      'BITS-Supported-Protocols': '{11111111-1111-1111-1111-111111111111}',
    });
    expect(response.status).toBe(400);
    expect(response.headers['bits-packet-type']).toBe('Ack');
    expect(response.headers['bits-error-code']).toBe('0x80070057');
    expect(response.headers['bits-error-context']).toBe('0x5');
    expect(response.headers['bits-protocol']).toBeUndefined();
    expect(server.sessions.size).toBe(0);
  });

  it('sends BITS-Host-Id and its fallback timeout when configured', async () => {
    const farm = await startBitsUploadServer({ hostId: '127.0.0.1', hostIdFallbackTimeout: 110 });
    const farmClient = new PacketClient(farm.origin);
    try {
      const response = await farmClient.send(PATH, 'Create-Session', {
        'BITS-Supported-Protocols': UPLOAD_PROTOCOL,
      });
      expect(response.headers['bits-host-id']).toBe('127.0.0.1');
      expect(response.headers['bits-host-id-fallback-timeout']).toBe('110');
    } finally {
      farmClient.close();
      await farm.close();
    }
  });
});

describe('fragments and Close-Session', () => {
  it('appends fragments to a temporary file and commits the upload on Close-Session', async () => {
    const data = payload(2.5 * 1024 * 1024 + 3);
    const id = await client.createSession(PATH);
    const session = server.sessions.get(id);
    let next = 0;
    while (next < data.length) {
      const length = Math.min(1024 * 1024, data.length - next);
      const response = await client.fragment(PATH, id, data, next, length);
      expect(response.status).toBe(200);
      expect(response.headers['bits-session-id']).toBe(id);
      expect(response.headers['bits-received-content-range']).toBe(String(next + length));
      expect(response.headers['bits-reply-url']).toBeUndefined();
      next += length;
      expect(statSync(session?.tempFile ?? '').size).toBe(next);
    }
    expect(session).toMatchObject({ state: 'uploaded', received: data.length, total: data.length });
    expect(server.uploadedFile(PATH)).toBeUndefined();

    const closed = await client.packet(PATH, 'Close-Session', id);
    expect(closed.status).toBe(200);
    expect(closed.headers['bits-packet-type']).toBe('Ack');
    const uploaded = server.uploadedFile(PATH);
    expect(uploaded).toMatchObject({ path: PATH, size: data.length, sha256: sha256(data), sessionId: id });
    expect((await uploaded?.bytes())?.equals(data)).toBe(true);
    expect(server.sessions.has(id)).toBe(false);
    expect(existsSync(session?.tempFile ?? '')).toBe(false);
    expect(server.stats.bodyBytesReceived).toBe(data.length);
    expect(server.stats.bytesWritten).toBe(data.length);
    expect(server.stats.byPacketType.get('Fragment')).toBe(3);
  });

  it('takes Content-Name from the first fragment when Create-Session had none', async () => {
    const data = payload(1000);
    const id = await client.createSession(PATH);
    const range = `bytes 0-999/1000`;
    await client.send(
      PATH,
      'Fragment',
      { 'BITS-Session-Id': id, 'Content-Range': range, 'Content-Name': 'a.zip' },
      data,
    );
    await client.packet(PATH, 'Close-Session', id);
    expect(server.uploadedFile(PATH)?.contentName).toBe('a.zip');
  });

  it('takes fragments sent with fetch and the method BITS_POST', async () => {
    const data = payload(70_000);
    const id = await client.createSession(PATH);
    const response = await fetch(server.url(PATH), {
      method: 'BITS_POST',
      headers: {
        'BITS-Packet-Type': 'Fragment',
        'BITS-Session-Id': id,
        'Content-Range': 'Bytes 0-69999/70000',
      },
      body: new Uint8Array(data),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('bits-received-content-range')).toBe('70000');
    expect(server.sessions.get(id)?.state).toBe('uploaded');
  });

  it('answers a gap with 416 and the offset it expects, writing nothing', async () => {
    const data = payload(10_000);
    const id = await client.createSession(PATH);
    await client.fragment(PATH, id, data, 0, 4000);
    const gap = await client.fragment(PATH, id, data, 5000, 1000);
    expect(gap.status).toBe(416);
    expect(gap.headers['bits-received-content-range']).toBe('4000');
    expect(gap.headers['bits-session-id']).toBe(id);
    expect(server.sessions.get(id)?.received).toBe(4000);
    expect(server.stats.bytesWritten).toBe(4000);
  });

  it('writes the bytes of an overlapping fragment once: only the new ones are appended', async () => {
    const data = payload(10_000);
    const id = await client.createSession(PATH);
    await client.fragment(PATH, id, data, 0, 6000);
    const overlap = await client.fragment(PATH, id, data, 4000, 6000);
    expect(overlap.status).toBe(200);
    expect(overlap.headers['bits-received-content-range']).toBe('10000');
    const old = await client.fragment(PATH, id, data, 100, 50);
    expect(old.headers['bits-received-content-range']).toBe('10000');
    await client.packet(PATH, 'Close-Session', id);
    expect(server.uploadedFile(PATH)?.sha256).toBe(sha256(data));
    expect(server.stats.bodyBytesReceived).toBe(12_050);
    expect(server.stats.bytesWritten).toBe(10_000);
  });

  it('keeps nothing when Close-Session comes before the last byte', async () => {
    const data = payload(10_000);
    const id = await client.createSession(PATH);
    await client.fragment(PATH, id, data, 0, 4000);
    const closed = await client.packet(PATH, 'Close-Session', id);
    expect(closed.status).toBe(200);
    expect(server.uploadedFile(PATH)).toBeUndefined();
    expect(server.sessions.has(id)).toBe(false);
  });

  it('replaces the file at a path with the next upload committed there', async () => {
    for (const seed of [1, 2]) {
      const data = payload(5000, seed);
      const id = await client.createSession(PATH);
      await client.uploadAll(PATH, id, data, 2000);
      await client.packet(PATH, 'Close-Session', id);
      expect(server.uploadedFile(PATH)?.sha256).toBe(sha256(data));
    }
  });
});
