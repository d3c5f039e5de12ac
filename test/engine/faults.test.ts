import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TransferFailure } from '../../src/engine/transfer/transfer-types';
import { MemoryJobStore } from '../../src/store/memory-store';
import { expectedBytes, startTestServer, type Fault, type TestServer } from '../server/index';
import { assembleFile } from './assemble';
import { MiB, addJob, makeEnv, rejectionOf, run, storedSha256 } from './harness';

let server: TestServer;
let files = 0;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

/** A fresh file with these faults queued, and a store and env to fetch it with. */
async function setup(
  faults: Fault[],
  options: { size?: number; connections?: number; stallTimeoutMs?: number } = {},
) {
  files += 1;
  const path = `/faults-${files}.bin`;
  const handle = server.addFile(path, { size: options.size ?? 2 * MiB });
  server.queueFaults(path, ...faults);
  const store = new MemoryJobStore();
  const tuning = options.stallTimeoutMs ? { stallTimeoutMs: options.stallTimeoutMs } : {};
  const env = makeEnv(store, { connections: options.connections ?? 1, tuning });
  const { job } = await addJob(store, handle.url);
  return { path, handle, store, env, job, requests: () => server.stats.log.filter((r) => r.path === path) };
}

async function storedFile(t: { store: MemoryJobStore; job: { id: string } }) {
  const [file] = await t.store.getFiles(t.job.id);
  if (!file) throw new Error('the job has no file');
  return file;
}

async function failureOf(promise: Promise<unknown>): Promise<TransferFailure> {
  const err = await rejectionOf(promise);
  expect(err).toBeInstanceOf(TransferFailure);
  return err as TransferFailure;
}

describe('transferFile under faults', () => {
  it('retries a connection reset mid-body and stores the right bytes', async () => {
    const t = await setup([{ kind: 'reset', afterBytes: 700_000 }]);
    await run(t.env, t.job);
    expect(await storedSha256(t.store, t.job.id)).toBe(await t.handle.sha256());
    // The retry resumes after the stored bytes instead of starting over.
    expect(t.requests().length).toBeGreaterThanOrEqual(2);
    expect(t.requests()[1]?.range).toMatch(/^bytes=[1-9]\d*-/);
  });

  it('aborts a stalled connection after the stall timeout and retries it', async () => {
    const t = await setup([{ kind: 'stall', afterBytes: 300_000 }], { stallTimeoutMs: 300 });
    const started = Date.now();
    await run(t.env, t.job);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(t.requests().length).toBeGreaterThanOrEqual(2);
    expect(t.requests()[1]?.range).toMatch(/^bytes=[1-9]\d*-/);
    expect(await storedSha256(t.store, t.job.id)).toBe(await t.handle.sha256());
  });

  it('gives up on 503 with a long Retry-After at once: transient, with retryAfterMs', async () => {
    const t = await setup([{ kind: 'status', status: 503, retryAfter: '120' }]);
    const failure = await failureOf(run(t.env, t.job));
    expect(failure.transient).toBe(true);
    expect(failure.retryAfterMs).toBe(120_000);
    expect(failure.error).toMatchObject({
      code: 'BG_E_HTTP_ERROR_503',
      hresult: 0x801901f7,
      httpStatus: 503,
    });
    expect(t.requests()).toHaveLength(1);
  });

  it('retries a repeated 500 three times, then fails transiently with BG_E_HTTP_ERROR_500', async () => {
    const status: Fault = { kind: 'status', status: 500 };
    const t = await setup([status, status, status, status, status]);
    const failure = await failureOf(run(t.env, t.job));
    expect(failure.transient).toBe(true);
    expect(failure.error).toMatchObject({
      code: 'BG_E_HTTP_ERROR_500',
      context: 'remote-file',
      fileIndex: 0,
    });
    expect(failure.error.message).toContain(t.handle.url);
    expect(t.requests()).toHaveLength(4);
  });

  it('recovers from a single 500 inside the attempt', async () => {
    const t = await setup([{ kind: 'status', status: 500 }]);
    await run(t.env, t.job);
    expect(await storedSha256(t.store, t.job.id)).toBe(await t.handle.sha256());
  });

  it('fails at once on 404: fatal BG_E_HTTP_ERROR_404', async () => {
    const t = await setup([{ kind: 'status', status: 404 }]);
    const failure = await failureOf(run(t.env, t.job));
    expect(failure.transient).toBe(false);
    expect(failure.error).toMatchObject({
      code: 'BG_E_HTTP_ERROR_404',
      hresult: 0x80190194,
      httpStatus: 404,
    });
    expect(failure.error.message).toMatch(/404 \(Not Found\)/);
    expect(t.requests()).toHaveLength(1);
  });

  it('fails at once on 416: fatal BG_E_HTTP_ERROR_416', async () => {
    const t = await setup([{ kind: 'status', status: 416 }]);
    const failure = await failureOf(run(t.env, t.job));
    expect(failure.transient).toBe(false);
    expect(failure.error).toMatchObject({ code: 'BG_E_HTTP_ERROR_416', hresult: 0x801901a0 });
  });

  it('fetches the file as one stream when the server ignores the range', async () => {
    const t = await setup([{ kind: 'ignore-range' }], { connections: 4 });
    const { file } = await run(t.env, t.job);
    expect(file.resumable).toBe(false);
    expect(await storedSha256(t.store, t.job.id)).toBe(await t.handle.sha256());
  });

  it('restarts from 0 when a resumed range is answered with the whole file', async () => {
    const t = await setup([], { size: 3 * MiB });
    server.setThrottle(4 * MiB, t.path);
    const controller = new AbortController();
    await rejectionOf(
      run(t.env, t.job, {
        signal: controller.signal,
        onProgress: (bytes) => bytes > MiB && controller.abort(new Error('suspended')),
      }),
    );
    server.setThrottle(null, t.path);
    server.queueFaults(t.path, { kind: 'ignore-range' });
    const { file } = await run(t.env, t.job);
    expect(file.completed).toBe(true);
    expect(await storedSha256(t.store, t.job.id)).toBe(await t.handle.sha256());
    expect(t.requests().at(-1)?.range).toBe('bytes=0-');
  });

  it('rejects a wrong Content-Range, retries, and gives BG_E_INVALID_SERVER_RESPONSE when it persists', async () => {
    const wrong: Fault = { kind: 'wrong-content-range' };
    const t = await setup([wrong, wrong, wrong, wrong]);
    const failure = await failureOf(run(t.env, t.job));
    expect(failure.transient).toBe(false);
    expect(failure.error).toMatchObject({ code: 'BG_E_INVALID_SERVER_RESPONSE', hresult: 0x8020001b });
    expect(t.requests()).toHaveLength(4);
    expect(await t.store.countChunks(t.job.id)).toBe(0);
  });

  it('recovers from one wrong Content-Range on a segment', async () => {
    const t = await setup([{ kind: 'reset', afterBytes: 500_000 }, { kind: 'wrong-content-range' }]);
    await run(t.env, t.job);
    expect(await storedSha256(t.store, t.job.id)).toBe(await t.handle.sha256());
    // The reset, the rejected answer, then a good one.
    expect(t.requests().length).toBeGreaterThanOrEqual(3);
  });

  it('retries a short body and stores the right bytes', async () => {
    const t = await setup([{ kind: 'short-body', missingBytes: 100_000 }]);
    await run(t.env, t.job);
    expect(await storedSha256(t.store, t.job.id)).toBe(await t.handle.sha256());
    expect(t.requests().length).toBeGreaterThanOrEqual(2);
  });

  it('restarts from 0 with the new content when the file changes mid-download', async () => {
    const t = await setup([{ kind: 'reset', afterBytes: 600_000 }]);
    const oldSha = await t.handle.sha256();
    const { file } = await run(t.env, t.job, { onTransferring: () => server.changeFile(t.path) });
    const newSha = await t.handle.sha256();
    expect(newSha).not.toBe(oldSha);
    expect(await storedSha256(t.store, t.job.id)).toBe(newSha);
    expect(t.requests().map((r) => r.status)).toEqual([206, 200, 206]);
    // The resumed request carried the old validator; the file now holds the new one.
    expect(t.requests()[1]?.ifRange).toBeTruthy();
    expect(file.etag).not.toBe(t.requests()[1]?.ifRange);
  });

  it('follows a redirect chain and records the final URL', async () => {
    const t = await setup([{ kind: 'redirect', hops: 3 }]);
    const start = server.url('/moved-here.bin');
    server.addRoute('/moved-here.bin', (_req, res) => {
      res.writeHead(302, { Location: t.handle.url }).end();
    });
    await t.store.putFile({ ...(await storedFile(t)), url: start });
    const { file } = await run(t.env, t.job);
    expect(file.url).toBe(start);
    expect(file.finalUrl).toBe(t.handle.url);
    expect(await storedSha256(t.store, t.job.id)).toBe(await t.handle.sha256());
    expect(server.stats.log.some((r) => r.path.startsWith('/__redirect/'))).toBe(true);
  });

  it('drops the chunks on a sha256 mismatch: fatal BG_E_VALIDATION_FAILED', async () => {
    const t = await setup([]);
    await t.store.putFile({ ...(await storedFile(t)), sha256: '0'.repeat(64) });
    const failure = await failureOf(run(t.env, t.job));
    expect(failure.transient).toBe(false);
    expect(failure.error).toMatchObject({ code: 'BG_E_VALIDATION_FAILED', hresult: 0x80200053 });
    expect(await t.store.countChunks(t.job.id)).toBe(0);
  });

  it('accepts a matching sha256', async () => {
    const t = await setup([]);
    const sha = await t.handle.sha256();
    await t.store.putFile({ ...(await storedFile(t)), sha256: sha.toUpperCase() });
    const { file } = await run(t.env, t.job);
    expect(file.completed).toBe(true);
  });

  it('fails with BG_E_DISK_FULL when storage is full, keeping the chunks stored before', async () => {
    files += 1;
    const path = `/faults-${files}.bin`;
    const handle = server.addFile(path, { size: 4 * MiB });
    const store = new MemoryJobStore({ quotaBytes: 2.5 * MiB });
    const env = makeEnv(store, { tuning: { chunkBytes: MiB } });
    const { job } = await addJob(store, handle.url);
    const failure = await failureOf(run(env, job));
    expect(failure.transient).toBe(false);
    expect(failure.error).toMatchObject({ code: 'BG_E_DISK_FULL', context: 'local-file' });
    const stored = await assembleFile(store, job.id, 0);
    // Two whole chunks, and what was buffered when the third did not fit, if that fitted.
    expect(stored.byteLength).toBeGreaterThanOrEqual(2 * MiB);
    expect(stored.byteLength).toBeLessThanOrEqual(2.5 * MiB);
    expect(Buffer.from(stored).equals(Buffer.from(expectedBytes(handle.spec, 0, stored.byteLength)))).toBe(
      true,
    );
  });

  it('refuses a connection that is refused: transient BG_E_CONNECT_FAILURE', async () => {
    const closed = await startTestServer();
    const url = closed.url('/gone.bin');
    await closed.close();
    const store = new MemoryJobStore();
    const { job } = await addJob(store, url);
    const failure = await failureOf(run(makeEnv(store), job));
    expect(failure.transient).toBe(true);
    expect(failure.error).toMatchObject({ code: 'BG_E_CONNECT_FAILURE', context: 'transport' });
  });
});
