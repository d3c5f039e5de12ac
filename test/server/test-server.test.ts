import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectedBytes, expectedSha256, startTestServer, type TestServer } from './index';
import { bodyReader, readBody, requiredHeader, sha256Hex } from './read-body';

let server: TestServer;

beforeEach(async () => {
  server = await startTestServer();
});

afterEach(async () => {
  await server.close();
});

describe('serving generated files', () => {
  it('serves the whole file with the bytes expectedSha256 describes, and its headers', async () => {
    const file = server.addFile('/album/01 Intro.mp3', {
      size: 3 * 1024 * 1024 + 17,
      contentType: 'audio/mpeg',
      contentDisposition: 'attachment; filename="01 Intro.mp3"',
    });
    const response = await fetch(file.url);
    const { bytes, error } = await readBody(response);

    expect(error).toBeNull();
    expect(response.status).toBe(200);
    expect(sha256Hex(bytes)).toBe(await expectedSha256(file.spec));
    expect(await file.sha256()).toBe(await expectedSha256(file.spec));
    expect(response.headers.get('content-length')).toBe(String(file.spec.size));
    expect(response.headers.get('content-type')).toBe('audio/mpeg');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="01 Intro.mp3"');
    expect(response.headers.get('accept-ranges')).toBe('bytes');
    expect(response.headers.get('etag')).toMatch(/^"[^"]+"$/);
    expect(Date.parse(response.headers.get('last-modified') ?? '')).not.toBeNaN();
  });

  it('gives different files different content', async () => {
    const a = server.addFile('/a', { size: 4096 });
    const b = server.addFile('/b', { size: 4096 });
    expect(await a.sha256()).not.toBe(await b.sha256());
  });

  it('serves ranges that stitch together to the whole file', async () => {
    const file = server.addFile('/video.bin', { size: 2.5 * 1024 * 1024 });
    const cuts = [0, 1000, 1024 * 1024 + 3, 2 * 1024 * 1024];
    const parts: Buffer[] = [];
    for (let i = 0; i < cuts.length; i++) {
      const start = cuts[i] as number;
      const next = cuts[i + 1];
      const range = next === undefined ? `bytes=${start}-` : `bytes=${start}-${next - 1}`;
      const response = await fetch(file.url, { headers: { Range: range } });
      const end = (next ?? file.spec.size) - 1;
      expect(response.status).toBe(206);
      expect(response.headers.get('content-range')).toBe(`bytes ${start}-${end}/${file.spec.size}`);
      expect(response.headers.get('content-length')).toBe(String(end - start + 1));
      parts.push((await readBody(response)).bytes);
    }
    expect(sha256Hex(Buffer.concat(parts))).toBe(await file.sha256());
  });

  it('serves a suffix range and clamps an end past the size', async () => {
    const file = server.addFile('/f', { size: 10_000 });
    const suffix = await fetch(file.url, { headers: { Range: 'bytes=-100' } });
    expect(suffix.headers.get('content-range')).toBe('bytes 9900-9999/10000');
    expect((await readBody(suffix)).bytes.equals(expectedBytes(file.spec, 9900, 10_000))).toBe(true);
    const past = await fetch(file.url, { headers: { Range: 'bytes=9000-20000' } });
    expect(past.headers.get('content-range')).toBe('bytes 9000-9999/10000');
    expect((await readBody(past)).bytes.equals(expectedBytes(file.spec, 9000))).toBe(true);
  });

  it('answers 416 to a range that starts past the end', async () => {
    const file = server.addFile('/f', { size: 1000 });
    const response = await fetch(file.url, { headers: { Range: 'bytes=1000-' } });
    expect(response.status).toBe(416);
    expect(response.headers.get('content-range')).toBe('bytes */1000');
    await readBody(response);
  });

  it('honours If-Range with the current ETag or date and sends the full body otherwise', async () => {
    const file = server.addFile('/f', { size: 50_000 });
    const head = await fetch(file.url, { method: 'HEAD' });
    const etag = head.headers.get('etag') as string;
    const lastModified = head.headers.get('last-modified') as string;

    const byEtag = await fetch(file.url, { headers: { Range: 'bytes=10-19', 'If-Range': etag } });
    expect(byEtag.status).toBe(206);
    await readBody(byEtag);
    const byDate = await fetch(file.url, { headers: { Range: 'bytes=10-19', 'If-Range': lastModified } });
    expect(byDate.status).toBe(206);
    await readBody(byDate);

    const stale = await fetch(file.url, { headers: { Range: 'bytes=10-19', 'If-Range': '"not-the-etag"' } });
    expect(stale.status).toBe(200);
    expect(sha256Hex((await readBody(stale)).bytes)).toBe(await file.sha256());
  });

  it('changes content and validators when the file changes', async () => {
    const file = server.addFile('/f', { size: 50_000 });
    const before = await fetch(file.url, { method: 'HEAD' });
    const oldSha = await file.sha256();
    server.changeFile('/f');

    const after = await fetch(file.url, {
      headers: { Range: 'bytes=10-', 'If-Range': requiredHeader(before, 'etag') },
    });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(before.headers.get('etag'));
    expect(Date.parse(requiredHeader(after, 'last-modified'))).toBeGreaterThan(
      Date.parse(requiredHeader(before, 'last-modified')),
    );
    const body = sha256Hex((await readBody(after)).bytes);
    expect(body).toBe(await file.sha256());
    expect(body).not.toBe(oldSha);
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const file = server.addFile('/f', { size: 123_456 });
    const response = await fetch(file.url, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe('123456');
    expect((await readBody(response)).bytes.length).toBe(0);
    expect(server.stats.bodyBytesSent).toBe(0);
  });

  it('always answers 200 with the full body when ranges are off', async () => {
    const file = server.addFile('/f', { size: 20_000, ranges: false });
    const response = await fetch(file.url, { headers: { Range: 'bytes=100-' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('accept-ranges')).toBe('none');
    expect(sha256Hex((await readBody(response)).bytes)).toBe(await file.sha256());
  });

  it('sends a chunked body without Content-Length when asked to', async () => {
    const file = server.addFile('/f', { size: 300_000, sendLength: false });
    const response = await fetch(file.url, { headers: { Range: 'bytes=0-' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBeNull();
    expect(response.headers.get('transfer-encoding')).toBe('chunked');
    expect(sha256Hex((await readBody(response)).bytes)).toBe(await file.sha256());
  });

  it('leaves out the validators a spec turns off', async () => {
    const file = server.addFile('/f', { size: 10, etag: false, lastModified: false });
    const response = await fetch(file.url, { method: 'HEAD' });
    expect(response.headers.get('etag')).toBeNull();
    expect(response.headers.get('last-modified')).toBeNull();
  });

  it('keeps connections alive between requests', async () => {
    const file = server.addFile('/f', { size: 10_000 });
    for (let i = 0; i < 6; i++) await readBody(await fetch(file.url));
    expect(server.stats.requests).toBe(6);
    // undici opens a second socket when the next request comes before it has released the first.
    expect(server.stats.connections).toBeLessThanOrEqual(2);
  });

  it('answers 404 to unknown paths and serves custom routes', async () => {
    server.addRoute('/store', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<h1>Store</h1>');
    });
    const missing = await fetch(server.url('/nothing'));
    expect(missing.status).toBe(404);
    await readBody(missing);
    const page = await fetch(server.url('/store?x=1'));
    expect(await page.text()).toBe('<h1>Store</h1>');
    expect(server.stats.log.map((entry) => [entry.path, entry.status])).toEqual([
      ['/nothing', 404],
      ['/store', 200],
    ]);
  });
});

describe('throttling and counters', () => {
  it('limits each response to the throttle', async () => {
    const file = server.addFile('/f', { size: 100_000 });
    server.setThrottle(400_000);
    const started = performance.now();
    const { bytes } = await readBody(await fetch(file.url));
    const elapsed = performance.now() - started;
    expect(bytes.length).toBe(100_000);
    expect(elapsed).toBeGreaterThanOrEqual(0.5 * ((100_000 - 8000) / 400_000) * 1000);
  });

  it('applies a throttle changed at runtime to a response in flight', async () => {
    const file = server.addFile('/f', { size: 2 * 1024 * 1024 });
    server.setThrottle(0);
    const response = await fetch(file.url);
    server.setThrottle(50_000, '/f');
    const reader = bodyReader(response);
    const first = await reader.read();
    expect(first.value?.length).toBeGreaterThan(0);
    // At 50 kB/s the rest would take 40 s; lifting the throttle must finish it at once.
    server.setThrottle(null, '/f');
    server.setThrottle(null);
    let received = first.value?.length ?? 0;
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read())
      received += chunk.value.length;
    expect(received).toBe(file.spec.size);
  }, 5000);

  it('counts requests, body bytes per path, the log and concurrent responses', async () => {
    const a = server.addFile('/a', { size: 64_000 });
    const b = server.addFile('/b', { size: 1000 });
    // Paused until all three requests are in, so the three responses overlap whatever the load.
    server.setThrottle(0);
    let arrived = 0;
    const allArrived = server.waitForRequest('/a', () => ++arrived === 3);
    const reads = Promise.all([a.url, a.url, a.url].map(async (url) => readBody(await fetch(url))));
    await allArrived;
    server.setThrottle(null);
    await reads;
    await readBody(await fetch(b.url, { headers: { Range: 'bytes=0-99' } }));

    expect(server.stats.requests).toBe(4);
    expect(server.stats.bodyBytesSent).toBe(3 * 64_000 + 100);
    expect(server.stats.byPath.get('/a')).toEqual({ requests: 3, bodyBytesSent: 192_000 });
    expect(server.stats.byPath.get('/b')).toEqual({ requests: 1, bodyBytesSent: 100 });
    expect(server.stats.log.at(-1)).toMatchObject({
      method: 'GET',
      path: '/b',
      range: 'bytes=0-99',
      status: 206,
    });
    expect(server.stats.maxConcurrent).toBe(3);

    server.resetStats();
    expect(server.stats).toMatchObject({ requests: 0, bodyBytesSent: 0, log: [] });
    expect(server.stats.byPath.size).toBe(0);
  });

  it('resolves waitForRequest on the request that matches', async () => {
    const file = server.addFile('/f', { size: 1000 });
    const ranged = server.waitForRequest('/f', (entry) => entry.range !== null);
    await readBody(await fetch(file.url));
    await readBody(await fetch(file.url, { headers: { Range: 'bytes=5-9' } }));
    expect(await ranged).toMatchObject({ range: 'bytes=5-9', status: 206 });
  });
});
