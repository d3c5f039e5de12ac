import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectedBytes, startTestServer, type FileHandle, type TestServer } from './index';
import { bodyReader, readBody, requiredHeader, sha256Hex } from './read-body';

let server: TestServer;
let file: FileHandle;
const SIZE = 3 * 1024 * 1024;

beforeEach(async () => {
  server = await startTestServer();
  file = server.addFile('/f', { size: SIZE });
});

afterEach(async () => {
  await server.close();
});

describe('scripted faults', () => {
  it('resets the connection after N body bytes', async () => {
    server.queueFaults('/f', { kind: 'reset', afterBytes: 100_000 });
    const response = await fetch(file.url);
    const { bytes, error } = await readBody(response);
    expect(response.status).toBe(200);
    expect(error).not.toBeNull();
    expect(bytes.length).toBeLessThanOrEqual(100_000);
    expect(bytes.equals(expectedBytes(file.spec, 0, bytes.length))).toBe(true);
    expect(server.stats.bodyBytesSent).toBe(100_000);
  });

  it('resets a range response after N bytes of the range', async () => {
    server.queueFaults('/f', { kind: 'reset', afterBytes: 0 });
    const response = await fetch(file.url, { headers: { Range: 'bytes=1000-' } });
    expect(response.status).toBe(206);
    const { bytes, error } = await readBody(response);
    expect(error).not.toBeNull();
    expect(bytes.length).toBe(0);
  });

  it('stalls after N bytes until the client gives up', async () => {
    server.queueFaults('/f', { kind: 'stall', afterBytes: 5000 });
    const abort = new AbortController();
    const response = await fetch(file.url, { signal: abort.signal });
    const reader = bodyReader(response);
    let received = 0;
    while (received < 5000) received += (await reader.read()).value?.length ?? 0;
    expect(received).toBe(5000);

    const next = reader.read();
    const outcome = await Promise.race([next.then(() => 'data'), sleep(300).then(() => 'nothing')]);
    expect(outcome).toBe('nothing');
    expect(server.stats.active).toBe(1);
    abort.abort();
    await expect(next).rejects.toThrow();
  });

  it('ends a stalled response when the server closes', async () => {
    server.queueFaults('/f', { kind: 'stall', afterBytes: 0 });
    const response = await fetch(file.url);
    const reading = readBody(response);
    await server.close();
    const { bytes, error } = await reading;
    expect(bytes.length).toBe(0);
    expect(error).not.toBeNull();
  });

  it('answers a scripted status with Retry-After, then serves normally', async () => {
    server.queueFaults(
      '/f',
      { kind: 'status', status: 503, retryAfter: '7' },
      { kind: 'status', status: 404 },
      { kind: 'status', status: 416 },
    );
    const busy = await fetch(file.url);
    expect(busy.status).toBe(503);
    expect(busy.headers.get('retry-after')).toBe('7');
    await readBody(busy);
    const missing = await fetch(file.url);
    expect(missing.status).toBe(404);
    await readBody(missing);
    const unsatisfiable = await fetch(file.url, { headers: { Range: 'bytes=0-' } });
    expect(unsatisfiable.status).toBe(416);
    expect(unsatisfiable.headers.get('content-range')).toBe(`bytes */${SIZE}`);
    await readBody(unsatisfiable);
    const ok = await fetch(file.url);
    expect(ok.status).toBe(200);
    expect(sha256Hex((await readBody(ok)).bytes)).toBe(await file.sha256());
    expect(server.stats.log.map((entry) => entry.fault)).toEqual(['status', 'status', 'status', null]);
  });

  it('ignores the range when told to', async () => {
    server.queueFaults('/f', { kind: 'ignore-range' });
    const response = await fetch(file.url, { headers: { Range: 'bytes=100-199' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-range')).toBeNull();
    expect(sha256Hex((await readBody(response)).bytes)).toBe(await file.sha256());
  });

  it('sends a Content-Range that does not match the bytes sent', async () => {
    server.queueFaults('/f', { kind: 'wrong-content-range' });
    const response = await fetch(file.url, { headers: { Range: 'bytes=100-199' } });
    expect(response.status).toBe(206);
    expect(response.headers.get('content-range')).toBe(`bytes 101-200/${SIZE}`);
    expect((await readBody(response)).bytes.equals(expectedBytes(file.spec, 100, 200))).toBe(true);
  });

  it('sends a body shorter than its Content-Length, then closes', async () => {
    server.queueFaults('/f', { kind: 'short-body', missingBytes: 1000 });
    const response = await fetch(file.url);
    expect(response.headers.get('content-length')).toBe(String(SIZE));
    const { bytes, error } = await readBody(response);
    expect(error).not.toBeNull();
    expect(bytes.length).toBe(SIZE - 1000);
    expect(bytes.equals(expectedBytes(file.spec, 0, SIZE - 1000))).toBe(true);
  });

  it('changes the file from the faulted request on', async () => {
    const oldSha = await file.sha256();
    const before = await fetch(file.url, { method: 'HEAD' });
    server.queueFaults('/f', { kind: 'change' });
    const changed = await fetch(file.url, {
      headers: { Range: 'bytes=10-', 'If-Range': requiredHeader(before, 'etag') },
    });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(before.headers.get('etag'));
    const body = sha256Hex((await readBody(changed)).bytes);
    expect(body).not.toBe(oldSha);
    expect(body).toBe(await file.sha256());
    const later = await fetch(file.url, { method: 'HEAD' });
    expect(later.headers.get('etag')).toBe(changed.headers.get('etag'));
  });

  it('redirects through N hops to the file', async () => {
    server.queueFaults('/f', { kind: 'redirect', hops: 3 });
    const response = await fetch(file.url);
    expect(response.redirected).toBe(true);
    expect(response.url).toBe(file.url);
    expect(sha256Hex((await readBody(response)).bytes)).toBe(await file.sha256());
    expect(server.stats.log.map((entry) => entry.status)).toEqual([302, 302, 302, 200]);
  });

  it('draws random faults from a seeded generator, at most max of them', async () => {
    const small = server.addFile('/small', { size: 10_000 });
    server.randomFaults('/small', { probability: 1, kinds: ['status'], max: 2, seed: 42 });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const response = await fetch(small.url);
      statuses.push(response.status);
      await readBody(response);
    }
    expect(statuses.slice(0, 2).every((status) => status === 429 || status >= 500)).toBe(true);
    expect(statuses.slice(2)).toEqual([200, 200]);
  });
});
