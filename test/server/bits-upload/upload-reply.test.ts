import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startBitsUploadServer, type BitsUploadServer } from './index';
import { PacketClient, payload } from './test-client';

let server: BitsUploadServer;
let client: PacketClient;
const PATH = '/reply/report.bin';

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

beforeEach(async () => {
  server = await startBitsUploadServer();
  client = new PacketClient(server.origin);
});

afterEach(async () => {
  client.close();
  await server.close();
});

describe('upload-reply', () => {
  it("gives the last fragment's Ack a BITS-Reply-URL this server serves, by default the upload's sha256", async () => {
    server.setReply(PATH, {});
    const data = payload(5000);
    const id = await client.createSession(PATH);
    const first = await client.fragment(PATH, id, data, 0, 3000);
    expect(first.headers['bits-reply-url']).toBeUndefined();
    const last = await client.fragment(PATH, id, data, 3000, 2000);
    const replyUrl = last.headers['bits-reply-url'] ?? '';
    expect(replyUrl).toBe(server.url(`/reply/BITS-Sessions/Replies/${id}/responsefile.bin`));
    expect(replyUrl).toContain('%7B');
    expect(server.sessions.get(id)?.replyPath).toBe(`/reply/BITS-Sessions/Replies/${id}/responsefile.bin`);

    const reply = await fetch(replyUrl);
    expect(reply.status).toBe(200);
    expect(await reply.text()).toBe(sha256(data));

    const ranged = await fetch(replyUrl, { headers: { Range: 'bytes=0-9' } });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get('content-range')).toBe('bytes 0-9/64');
    expect(await ranged.text()).toBe(sha256(data).slice(0, 10));
  });

  it('sends the same URL again for a resent last fragment, and drops the reply on Close-Session', async () => {
    server.setReply(PATH, { body: 'the reply', contentType: 'text/plain' });
    const data = payload(2000);
    const id = await client.createSession(PATH);
    const last = await client.fragment(PATH, id, data, 0, 2000);
    const again = await client.fragment(PATH, id, data, 1000, 1000);
    expect(again.status).toBe(200);
    expect(again.headers['bits-reply-url']).toBe(last.headers['bits-reply-url']);
    const url = last.headers['bits-reply-url'] ?? '';
    const reply = await fetch(url);
    expect(reply.headers.get('content-type')).toBe('text/plain');
    expect(await reply.text()).toBe('the reply');

    await client.packet(PATH, 'Close-Session', id);
    expect((await fetch(url)).status).toBe(404);
    expect(server.uploadedFile(PATH)?.sha256).toBe(sha256(data));
  });

  it('builds the reply from the upload and drops it on Cancel-Session', async () => {
    server.setReply(PATH, { body: (upload) => `${upload.size} bytes named ${upload.contentName}` });
    const data = payload(1234);
    const id = await client.createSession(PATH, { 'Content-Name': 'report.bin' });
    const last = await client.fragment(PATH, id, data, 0, 1234);
    const url = last.headers['bits-reply-url'] ?? '';
    expect(await (await fetch(url)).text()).toBe('1234 bytes named report.bin');
    await client.packet(PATH, 'Cancel-Session', id);
    expect((await fetch(url)).status).toBe(404);
  });

  it("writes a relative URL as MC-BUP's example does, which resolves against the upload URL", async () => {
    server.setReply(PATH, { urlStyle: 'relative' });
    const data = payload(100);
    const id = await client.createSession(PATH);
    const last = await client.fragment(PATH, id, data, 0, 100);
    const relative = last.headers['bits-reply-url'] ?? '';
    expect(relative).toBe(`BITS-Sessions\\Replies\\${id}\\responsefile.bin`);
    // The URL parser turns \ into / for http(s), so new URL(reply, uploadUrl) is the reply's address.
    const resolved = new URL(relative, server.url(PATH)).href;
    expect(await (await fetch(resolved)).text()).toBe(sha256(data));
  });

  it('sends no BITS-Reply-URL for a plain upload, and a path stops being upload-reply with null', async () => {
    server.setReply(PATH, {});
    server.setReply(PATH, null);
    const id = await client.createSession(PATH);
    const last = await client.fragment(PATH, id, payload(10), 0, 10);
    expect(last.headers['bits-reply-url']).toBeUndefined();
  });

  it('drops the reply of an expired session', async () => {
    server.setReply(PATH, {});
    const id = await client.createSession(PATH);
    const url = (await client.fragment(PATH, id, payload(10), 0, 10)).headers['bits-reply-url'] ?? '';
    server.expireSession(id);
    expect((await fetch(url)).status).toBe(404);
  });
});
