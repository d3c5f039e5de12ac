import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HRESULT, startBitsUploadServer, type BitsUploadServer } from './index';
import { PacketClient, payload } from './test-client';

let server: BitsUploadServer;
let client: PacketClient;
const PATH = '/up/faulty.bin';
const data = payload(200_000);

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

beforeEach(async () => {
  server = await startBitsUploadServer();
  client = new PacketClient(server.origin);
});

afterEach(async () => {
  client.close();
  await server.close();
});

describe('scripted faults', () => {
  it('resets the connection after N body bytes of a fragment, keeping none of them', async () => {
    const id = await client.createSession(PATH);
    await client.fragment(PATH, id, data, 0, 50_000);
    server.resetStats();
    server.queueFaults(PATH, { kind: 'reset', afterBodyBytes: 10_000 });
    await expect(client.fragment(PATH, id, data, 50_000, 100_000)).rejects.toThrow();
    expect(server.stats.bodyBytesReceived).toBe(10_000);
    expect(server.stats.bytesWritten).toBe(0);
    expect(server.stats.log[0]).toMatchObject({
      packetType: 'Fragment',
      outcome: 'reset',
      fault: 'reset',
      status: 0,
    });
    expect(server.sessions.get(id)?.received).toBe(50_000);

    const resumed = await client.uploadAll(PATH, id, data, 100_000);
    expect(resumed.headers['bits-received-content-range']).toBe('200000');
    await client.packet(PATH, 'Close-Session', id);
    expect(server.uploadedFile(PATH)?.sha256).toBe(sha256(data));
  });

  it('keeps a fragment that arrived whole when the reset only loses its Ack', async () => {
    const id = await client.createSession(PATH);
    server.queueFaults(PATH, { kind: 'reset', afterBodyBytes: 1_000_000 });
    await expect(client.fragment(PATH, id, data, 0, 80_000)).rejects.toThrow();
    expect(server.sessions.get(id)?.received).toBe(80_000);
    // The client did not learn of it and sends the same bytes again: an overlap, written once.
    const again = await client.fragment(PATH, id, data, 0, 100_000);
    expect(again.headers['bits-received-content-range']).toBe('100000');
    expect(server.stats.bytesWritten).toBe(100_000);
  });

  it('also resets a fragment the server refuses (a gap) after N body bytes', async () => {
    const id = await client.createSession(PATH);
    server.queueFaults(PATH, { kind: 'reset', afterBodyBytes: 5000 });
    await expect(client.fragment(PATH, id, data, 1000, 20_000)).rejects.toThrow();
    expect(server.stats.log.at(-1)).toMatchObject({ outcome: 'reset', bodyBytes: 5000 });
    expect((await client.fragment(PATH, id, data, 1000, 20_000)).status).toBe(416);
  });

  it('waits for a Fragment before resetting, unless the fault names another packet', async () => {
    server.queueFaults(PATH, { kind: 'reset', afterBodyBytes: 0, packet: 'Close-Session' });
    const id = await client.createSession(PATH);
    await client.uploadAll(PATH, id, data, 100_000);
    await expect(client.packet(PATH, 'Close-Session', id)).rejects.toThrow();
    // Close-Session was processed; its Ack was lost, and a resent Close-Session finds no session.
    expect(server.uploadedFile(PATH)?.sha256).toBe(sha256(data));
    const resent = await client.packet(PATH, 'Close-Session', id);
    expect(resent.headers['bits-error-code']).toBe(HRESULT.BG_E_SESSION_NOT_FOUND);
  });

  it('answers 503 with Retry-After and no BITS headers, reading the body and keeping the connection', async () => {
    const id = await client.createSession(PATH);
    server.queueFaults(PATH, { kind: 'unavailable', retryAfter: '7' });
    const busy = await client.fragment(PATH, id, data, 0, 50_000);
    expect(busy.status).toBe(503);
    expect(busy.headers['retry-after']).toBe('7');
    expect(busy.headers['bits-packet-type']).toBeUndefined();
    expect(server.sessions.get(id)?.received).toBe(0);
    expect((await client.fragment(PATH, id, data, 0, 50_000)).status).toBe(200);
    expect(server.stats.connections).toBe(1);
    expect(server.stats.bodyBytesReceived).toBe(100_000);
  });

  it('loses the session just before the next packet', async () => {
    const id = await client.createSession(PATH);
    await client.fragment(PATH, id, data, 0, 50_000);
    server.queueFaults(PATH, { kind: 'lose-session' });
    const lost = await client.fragment(PATH, id, data, 50_000, 50_000);
    expect(lost.status).toBe(500);
    expect(lost.headers['bits-error-code']).toBe(HRESULT.BG_E_SESSION_NOT_FOUND);
    expect(server.sessions.has(id)).toBe(false);
  });

  it('answers a given status and BITS-Error-Code, 4xx or 5xx, without processing the packet', async () => {
    server.queueFaults(
      PATH,
      { kind: 'status', status: 403, errorCode: HRESULT.E_ACCESSDENIED, packet: 'Create-Session' },
      { kind: 'status', status: 500, errorCode: '0x80070112', errorContext: '0x7', packet: 'Fragment' },
    );
    const denied = await client.send(PATH, 'Create-Session', {
      'BITS-Supported-Protocols': '{7df0354d-249b-430f-820d-3d2a9bef4931}',
    });
    expect(denied.status).toBe(403);
    expect(denied.headers['bits-packet-type']).toBe('Ack');
    expect(denied.headers['bits-error-code']).toBe('0x80070005');
    expect(denied.headers['bits-error-context']).toBe('0x5');
    expect(server.sessions.size).toBe(0);

    const id = await client.createSession(PATH);
    const full = await client.fragment(PATH, id, data, 0, 50_000);
    expect(full.status).toBe(500);
    expect(full.headers['bits-error-code']).toBe('0x80070112');
    expect(full.headers['bits-error-context']).toBe('0x7');
    expect(server.sessions.get(id)?.received).toBe(0);
    expect(server.stats.log.map((entry) => entry.fault)).toEqual(['status', null, 'status']);
  });

  it('applies faults in order, each to the packet type it waits for, and clearFaults drops them', async () => {
    server.queueFaults(PATH, { kind: 'unavailable', packet: 'Close-Session' }, { kind: 'unavailable' });
    const id = await client.createSession(PATH);
    expect((await client.fragment(PATH, id, data, 0, 200_000)).status).toBe(200);
    expect((await client.packet(PATH, 'Close-Session', id)).status).toBe(503);
    server.clearFaults(PATH);
    expect((await client.packet(PATH, 'Close-Session', id)).status).toBe(200);
    server.queueFaults('/elsewhere', { kind: 'unavailable' });
    expect((await client.send(PATH, 'Ping')).status).toBe(200);
  });
});
