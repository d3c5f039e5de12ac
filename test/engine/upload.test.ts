/**
 * Upload jobs end to end in Node: the real Engine, real fetch and the BITS Upload Protocol test
 * server (test/server/bits-upload), a memory store and memory upload data.
 */
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/jobs/engine';
import type { EnginePorts } from '../../src/engine/ports';
import type { JobInfo, JobState } from '../../src/engine/types';
import { MemoryJobStore } from '../../src/store/memory-store';
import { startBitsUploadServer, type BitsUploadServer } from '../server/bits-upload';
import { payload } from '../server/bits-upload/test-client';
import { nodePorts } from './node-ports';
import { NodeFileSaver } from './node-saver';
import { MemoryUploads } from './support/memory-uploads';
import { reachState } from './support/reach-state';

const SHOP = 'http://127.0.0.1';
const KiB = 1024;
const FRAGMENT = 256 * KiB;

let server: BitsUploadServer;
let store: MemoryJobStore;
let uploads: MemoryUploads;
let engine: Engine;
let clockOffset = 0;
/** Every URL the engine fetched, in order. */
let fetched: string[] = [];
/** When set, the Fragment of this number (1-based, counted from now) never gets an answer: `held` resolves instead. */
let holdFragment: { nth: number; seen: number; held(): void } | null = null;

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

function makeEngine(): Engine {
  const ports: EnginePorts = {
    ...nodePorts(store, new NodeFileSaver(store, '/nonexistent'), { clockOffset: () => clockOffset }),
    uploads,
  };
  const realFetch = ports.fetch;
  ports.fetch = (url, init) => {
    fetched.push(url);
    const hold = holdFragment;
    if (
      hold &&
      new Headers(init?.headers).get('BITS-Packet-Type') === 'Fragment' &&
      ++hold.seen === hold.nth
    ) {
      hold.held();
      return new Promise((_, reject) =>
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
      );
    }
    return realFetch(url, init);
  };
  return new Engine(ports, {
    tuning: {
      stallTimeoutMs: 2000,
      connectionRetryDelaysMs: [10, 20, 40],
      progressIntervalMs: 20,
      uploadFragmentBytes: FRAGMENT,
      uploadRecordBytes: 4 * FRAGMENT,
    },
  });
}

beforeEach(async () => {
  // Node's fetch sends no Content-Length on an empty body (docs/bits-upload-server.md).
  server = await startBitsUploadServer({ requireContentLength: false });
  store = new MemoryJobStore();
  uploads = new MemoryUploads();
  clockOffset = 0;
  fetched = [];
  holdFragment = null;
  engine = makeEngine();
  await engine.start();
});

afterEach(async () => {
  await engine.stop();
  await server.close();
});

const reach = (id: string, state: JobState, on: Engine = engine): Promise<JobInfo> =>
  reachState(on, id, state);

/** Resolves once the job reports more than `bytes` acknowledged. */
function pastBytes(id: string, bytes: number, on: Engine = engine): Promise<void> {
  return new Promise((resolve) => {
    const stop = on.subscribe((info) => {
      if (info.id === id && info.progress.bytesTransferred > bytes) {
        stop();
        resolve();
      }
    });
  });
}

/** As after a restart: a new engine over the same store resumes the job, which lands whole at `path`. */
async function finishInNewEngine(id: string, path: string, data: Uint8Array): Promise<void> {
  engine = makeEngine();
  await engine.start();
  const done = reach(id, 'ACKNOWLEDGED');
  await engine.resume(SHOP, id);
  await done;
  expect(server.uploadedFile(path)?.sha256).toBe(sha256(data));
}

async function createUpload(path: string, data: Uint8Array, extra: Record<string, unknown> = {}) {
  return engine.createJob(SHOP, {
    displayName: 'Review',
    type: 'upload',
    files: [{ url: server.url(path), data: uploads.stage(data) }],
    minimumRetryDelay: 5,
    ...extra,
  });
}

const packets = (type: string) => server.stats.log.filter((r) => r.packetType === type);

describe('upload jobs over the BITS Upload Protocol', () => {
  it('uploads in fragments to ACKNOWLEDGED: the server has the right bytes, the stored copy is gone', async () => {
    const data = payload(3 * 1024 * KiB + 17);
    const job = await createUpload('/up/review.bin', data);
    expect(job).toMatchObject({ type: 'upload', state: 'SUSPENDED', progress: { bytesTotal: data.length } });
    const done = reach(job.id, 'ACKNOWLEDGED');
    await engine.resume(SHOP, job.id);
    const info = await done;

    expect(server.uploadedFile('/up/review.bin')?.sha256).toBe(sha256(data));
    expect(info.progress).toMatchObject({ bytesTransferred: data.length, filesTransferred: 1 });
    expect(packets('Create-Session')).toHaveLength(1);
    expect(packets('Fragment')).toHaveLength(Math.ceil(data.length / FRAGMENT));
    expect(packets('Close-Session')).toHaveLength(1);
    expect(packets('Fragment')[0]?.contentRange).toBe(`bytes 0-${FRAGMENT - 1}/${data.length}`);
    // Each byte went over the wire once.
    expect(server.stats.bodyBytesReceived).toBe(data.length);
    expect(uploads.data.size).toBe(0);
  });

  it('without autoComplete waits in TRANSFERRED; complete() sends Close-Session', async () => {
    const data = payload(100 * KiB);
    const job = await createUpload('/up/manual.bin', data, { autoComplete: false });
    const transferred = reach(job.id, 'TRANSFERRED');
    await engine.resume(SHOP, job.id);
    await transferred;
    expect(server.uploadedFile('/up/manual.bin')).toBeUndefined();
    expect(packets('Close-Session')).toHaveLength(0);
    const info = await engine.complete(SHOP, job.id);
    expect(info.state).toBe('ACKNOWLEDGED');
    expect(server.uploadedFile('/up/manual.bin')?.sha256).toBe(sha256(data));
  });

  it('upload-reply: fetches BITS-Reply-URL before Close-Session and keeps the reply for reply()', async () => {
    server.setReply('/up/report.bin', { body: 'thank you for your review', contentType: 'text/plain' });
    const data = payload(600 * KiB);
    const job = await createUpload('/up/report.bin', data, { type: 'upload-reply' });
    await expect(engine.reply(SHOP, job.id)).rejects.toMatchObject({ name: 'BG_E_INVALID_STATE' });
    const done = reach(job.id, 'ACKNOWLEDGED');
    await engine.resume(SHOP, job.id);
    await done;
    expect(new TextDecoder().decode(await engine.reply(SHOP, job.id))).toBe('thank you for your review');
    expect(server.uploadedFile('/up/report.bin')?.sha256).toBe(sha256(data));
    const order = server.stats.log.map((r) => r.packetType ?? r.method);
    expect(order.indexOf('GET')).toBeLessThan(order.indexOf('Close-Session'));
    // The reply stays until the job is forgotten.
    await engine.removeJob(SHOP, job.id);
    expect(uploads.replies.size).toBe(0);
  });

  it('upload-reply follows a relative, backslashed BITS-Reply-URL (MC-BUP example)', async () => {
    server.setReply('/up/rel.bin', { urlStyle: 'relative' });
    const data = payload(50 * KiB);
    const job = await createUpload('/up/rel.bin', data, { type: 'upload-reply' });
    const done = reach(job.id, 'ACKNOWLEDGED');
    await engine.resume(SHOP, job.id);
    await done;
    expect(new TextDecoder().decode(await engine.reply(SHOP, job.id))).toBe(sha256(data));
  });

  it('after the engine stops mid-upload, a new engine goes on in the same session from the last Ack', async () => {
    const data = payload(4 * 1024 * KiB);
    const job = await createUpload('/up/resume.bin', data);
    const some = pastBytes(job.id, FRAGMENT * 3);
    await engine.resume(SHOP, job.id);
    await some;
    await engine.stop();
    const acknowledged = server.sessions.values().next().value?.received ?? 0;
    expect(acknowledged).toBeGreaterThan(0);
    expect(acknowledged).toBeLessThan(data.length);

    await finishInNewEngine(job.id, '/up/resume.bin', data);
    expect(packets('Create-Session')).toHaveLength(1);
    // At most the fragment in flight is sent again.
    expect(server.stats.bodyBytesReceived).toBeLessThanOrEqual(data.length + FRAGMENT);
  });

  it('records Acks every uploadRecordBytes; a new run asks the server where it is with one byte', async () => {
    const data = payload(4 * 1024 * KiB);
    const job = await createUpload('/up/probe.bin', data);
    // The engine stops with the 7th Fragment in flight: 6 Acked, the 4th recorded.
    const held = new Promise<void>((resolve) => (holdFragment = { nth: 7, seen: 0, held: resolve }));
    await engine.resume(SHOP, job.id);
    await held;
    await engine.stop();
    holdFragment = null;
    const serverHad = server.sessions.values().next().value?.received ?? 0;
    const recordedAt = (await store.loadAll()).jobs.find((j) => j.id === job.id)?.upload?.acknowledged;
    expect([recordedAt, serverHad]).toEqual([4 * FRAGMENT, 6 * FRAGMENT]);
    server.resetStats();

    await finishInNewEngine(job.id, '/up/probe.bin', data);
    const [probe, next] = packets('Fragment');
    expect(probe).toMatchObject({
      status: 416,
      contentRange: `bytes ${data.length - 1}-${data.length - 1}/${data.length}`,
    });
    expect(next?.contentRange).toMatch(new RegExp(`^bytes ${serverHad}-`));
    // What the server had is not sent again: the rest, and one byte.
    expect(server.stats.bodyBytesReceived).toBe(data.length - serverHad + 1);
  });

  it('a session the server lost starts over from 0 in a new session', async () => {
    // Slow enough that the suspend comes mid-upload.
    engine.updateSettings({ backgroundBandwidthLimit: 1024 });
    const data = payload(2048 * KiB);
    const job = await createUpload('/up/lost.bin', data);
    const some = pastBytes(job.id, FRAGMENT);
    await engine.resume(SHOP, job.id);
    await some;
    await engine.suspend(SHOP, job.id);
    engine.updateSettings({ backgroundBandwidthLimit: null });
    server.expireAll();
    server.resetStats();
    const done = reach(job.id, 'ACKNOWLEDGED');
    await engine.resume(SHOP, job.id);
    await done;
    expect(server.uploadedFile('/up/lost.bin')?.sha256).toBe(sha256(data));
    const fragments = packets('Fragment');
    expect(fragments[0]?.status).toBe(500);
    expect(fragments[0]?.errorCode).toBe('0x8020001F');
    expect(packets('Create-Session')).toHaveLength(1);
    expect(fragments[1]?.contentRange).toMatch(/^bytes 0-/);
  });

  it('a Close-Session that finds no session uploads again from 0', async () => {
    const data = payload(300 * KiB);
    const job = await createUpload('/up/close-lost.bin', data, { autoComplete: false });
    const transferred = reach(job.id, 'TRANSFERRED');
    await engine.resume(SHOP, job.id);
    await transferred;
    server.expireAll();
    const again = await engine.complete(SHOP, job.id);
    expect(again).toMatchObject({ state: 'QUEUED', error: null });
    const done = reach(job.id, 'TRANSFERRED');
    await done;
    expect((await engine.complete(SHOP, job.id)).state).toBe('ACKNOWLEDGED');
    expect(server.uploadedFile('/up/close-lost.bin')?.sha256).toBe(sha256(data));
    expect(packets('Create-Session')).toHaveLength(2);
  });

  it('a session lost mid-upload (scripted) restarts from 0 and ends with the right file', async () => {
    const data = payload(900 * KiB);
    server.queueFaults('/up/lose.bin', { kind: 'lose-session', packet: 'Fragment' });
    const job = await createUpload('/up/lose.bin', data);
    const done = reach(job.id, 'ACKNOWLEDGED');
    await engine.resume(SHOP, job.id);
    await done;
    expect(packets('Create-Session')).toHaveLength(2);
    expect(server.uploadedFile('/up/lose.bin')?.sha256).toBe(sha256(data));
  });

  it('a reset mid-fragment is retried inside the attempt', async () => {
    const data = payload(700 * KiB);
    server.queueFaults('/up/reset.bin', { kind: 'reset', afterBodyBytes: 4096 });
    const job = await createUpload('/up/reset.bin', data);
    const done = reach(job.id, 'ACKNOWLEDGED');
    await engine.resume(SHOP, job.id);
    await done;
    expect(server.uploadedFile('/up/reset.bin')?.sha256).toBe(sha256(data));
    expect(packets('Create-Session')).toHaveLength(1);
  });

  it('503 with Retry-After: TRANSIENT_ERROR, then the retry goes on to ACKNOWLEDGED', async () => {
    const data = payload(300 * KiB);
    server.queueFaults('/up/busy.bin', { kind: 'unavailable', retryAfter: '30' });
    const job = await createUpload('/up/busy.bin', data);
    const transient = reach(job.id, 'TRANSIENT_ERROR');
    await engine.resume(SHOP, job.id);
    const waiting = await transient;
    expect(waiting.error).toMatchObject({ code: 'BG_E_HTTP_ERROR_503', httpStatus: 503 });
    expect(waiting.error?.message).toMatch(/^Could not upload /);
    const done = reach(job.id, 'ACKNOWLEDGED');
    clockOffset += 30_000;
    await engine.wake();
    await done;
    expect(server.uploadedFile('/up/busy.bin')?.sha256).toBe(sha256(data));
  });

  it('a 4xx with BITS-Error-Code is an ERROR with the server hresult and a readable message', async () => {
    const data = payload(10 * KiB);
    server.queueFaults('/up/denied.bin', {
      kind: 'status',
      status: 403,
      errorCode: '0x80070005',
      packet: 'Create-Session',
    });
    const job = await createUpload('/up/denied.bin', data);
    const failed = reach(job.id, 'ERROR');
    await engine.resume(SHOP, job.id);
    const info = await failed;
    expect(info.error).toMatchObject({
      code: 'E_ACCESSDENIED',
      hresult: 0x80070005,
      httpStatus: 403,
      context: 'remote-file',
    });
    expect(info.error?.message).toBe(
      `Could not upload ${server.url('/up/denied.bin')}: the server answered HTTP 403 (Forbidden) with BITS error 0x80070005: this upload is not allowed.`,
    );
  });

  it('a 5xx with an unknown BITS-Error-Code is transient, with the HTTP code and the server hresult', async () => {
    const data = payload(10 * KiB);
    const fault = { kind: 'status' as const, status: 500, errorCode: '0x80004005', errorContext: '0x7' };
    server.queueFaults('/up/app.bin', fault, fault, fault, fault);
    const job = await createUpload('/up/app.bin', data);
    const transient = reach(job.id, 'TRANSIENT_ERROR');
    await engine.resume(SHOP, job.id);
    const info = await transient;
    expect(info.error).toMatchObject({ code: 'BG_E_HTTP_ERROR_500', hresult: 0x80004005, httpStatus: 500 });
    expect(info.error?.message).toContain('its upload application answered HTTP 500');
  });

  it('cancel() sends Cancel-Session: the server drops the partial upload, the stored copy goes', async () => {
    const data = payload(2 * 1024 * KiB);
    const job = await createUpload('/up/cancel.bin', data);
    const some = pastBytes(job.id, FRAGMENT);
    await engine.resume(SHOP, job.id);
    await some;
    const cancelled = server.waitForRequest((r) => r.packetType === 'Cancel-Session');
    const info = await engine.cancel(SHOP, job.id);
    expect(info.state).toBe('CANCELLED');
    expect((await cancelled).status).toBe(200);
    expect(server.sessions.size).toBe(0);
    expect(server.uploadedFile('/up/cancel.bin')).toBeUndefined();
    expect(uploads.data.size).toBe(0);
  });

  it('sends later packets to BITS-Host-Id', async () => {
    await server.close();
    server = await startBitsUploadServer({ requireContentLength: false, hostId: '127.0.0.1' });
    const data = payload(100 * KiB);
    const url = server.url('/up/host.bin').replace('127.0.0.1', 'localhost');
    const job = await engine.createJob(SHOP, {
      displayName: 'Host id',
      type: 'upload',
      files: [{ url, data: uploads.stage(data) }],
    });
    const done = reach(job.id, 'ACKNOWLEDGED');
    await engine.resume(SHOP, job.id);
    await done;
    expect(fetched.slice(0, 2).every((u) => u.includes('localhost'))).toBe(true);
    expect(fetched.slice(2).every((u) => u.includes('127.0.0.1'))).toBe(true);
    expect(server.uploadedFile('/up/host.bin')?.sha256).toBe(sha256(data));
  });

  it('honours the background bandwidth limit', async () => {
    engine.updateSettings({ backgroundBandwidthLimit: 512 });
    const data = payload(1024 * KiB);
    const job = await createUpload('/up/slow.bin', data);
    const started = Date.now();
    const done = reach(job.id, 'ACKNOWLEDGED');
    await engine.resume(SHOP, job.id);
    await done;
    // 1 MiB at 512 KiB/s, less the bucket's first second of burst.
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });
});

describe('hostile upload input', () => {
  const create = (files: unknown, type: unknown = 'upload') =>
    engine.createJob(SHOP, { displayName: 'x', type, files } as never);

  it('refuses data that is not a Blob, naming the field', async () => {
    await expect(create([{ url: server.url('/a'), data: 'hello' }])).rejects.toThrow(
      new TypeError('files[0].data: must be a Blob or a File'),
    );
    await expect(
      create([{ url: server.url('/a'), data: { staged: '../../etc', size: 1, type: '' } }]),
    ).rejects.toThrow(TypeError);
  });

  it('refuses data above 4 GiB with BG_E_TOO_LARGE', async () => {
    const data = { staged: crypto.randomUUID(), size: 4 * 1024 ** 3 + 1, type: '' };
    await expect(create([{ url: server.url('/a'), data }])).rejects.toMatchObject({ name: 'BG_E_TOO_LARGE' });
  });

  it('refuses a non-http URL, two files, a ref nobody staged, and data on a download', async () => {
    const ref = () => uploads.stage(payload(10));
    await expect(create([{ url: 'file:///etc/passwd', data: ref() }])).rejects.toThrow(
      'files[0].url: only http and https URLs can be uploaded',
    );
    await expect(
      create([
        { url: server.url('/a'), data: ref() },
        { url: server.url('/b'), data: ref() },
      ]),
    ).rejects.toThrow('files: an upload job has exactly one file (2 given)');
    const unstaged = { staged: crypto.randomUUID(), size: 10, type: '' };
    await expect(create([{ url: server.url('/a'), data: unstaged }])).rejects.toThrow(TypeError);
    await expect(create([{ url: server.url('/a'), data: ref() }], 'download')).rejects.toThrow(
      "files[0].data: only upload jobs take data (type 'upload' or 'upload-reply')",
    );
    await expect(create([{ url: server.url('/a'), data: ref() }], 'sideways')).rejects.toThrow(TypeError);
    expect(engine.listJobs('*')).toHaveLength(0);
    expect(uploads.data.size).toBe(0);
  });

  it('reply() on a download or plain upload is E_NOTIMPL; addFiles on an upload is refused', async () => {
    const download = await engine.createJob(SHOP, {
      displayName: 'd',
      files: [{ url: server.url('/d.bin') }],
    });
    await expect(engine.reply(SHOP, download.id)).rejects.toMatchObject({ name: 'E_NOTIMPL' });
    const upload = await createUpload('/up/u.bin', payload(10));
    await expect(engine.reply(SHOP, upload.id)).rejects.toMatchObject({ name: 'E_NOTIMPL' });
    await expect(engine.addFiles(SHOP, upload.id, [{ url: server.url('/x') }])).rejects.toMatchObject({
      name: 'BG_E_TOO_MANY_FILES',
    });
    await expect(engine.complete(SHOP, upload.id)).rejects.toMatchObject({ name: 'BG_E_INVALID_STATE' });
  });
});
