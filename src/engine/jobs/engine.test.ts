import { describe, expect, it } from 'vitest';
import { Engine } from './engine';
import { harness, scriptedTransfer, settle, type Harness } from '../../../test/engine/support/engine-harness';
import type { EngineOptions } from './engine';
import { TransferFailure } from '../transfer/transfer-types';
import type { JobError, JobInit, JobState } from '../types';

const SHOP = 'https://shop.example';
const url = (n: number) => `https://cdn.example/files/${n}.bin`;

function setup(options: EngineOptions = {}, h: Harness = harness()) {
  const script = scriptedTransfer(h.store);
  const engine = new Engine(h.ports, { transferFile: script.transferFile, ...options });
  const states = new Map<string, JobState[]>();
  engine.subscribe((info, kind) => {
    if (kind !== 'state' && kind !== 'created') return;
    const list = states.get(info.id) ?? [];
    if (list.at(-1) !== info.state) list.push(info.state);
    states.set(info.id, list);
  });
  return { ...h, engine, script, states };
}

const init = (files: number, patch: Partial<JobInit> = {}): JobInit => ({
  displayName: 'Album',
  files: Array.from({ length: files }, (_, i) => ({ url: url(i) })),
  ...patch,
});

function failure(status: number, transient: boolean, retryAfterMs: number | null = null): TransferFailure {
  const error: JobError = {
    code: `BG_E_HTTP_ERROR_${status}`,
    hresult: 0x80190000 + status,
    context: 'remote-file',
    message: `0.bin: the server answered HTTP ${status}`,
    fileIndex: 0,
    httpStatus: status,
  };
  return new TransferFailure(error, transient, retryAfterMs);
}

async function errorName(p: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    return (e as Error).name;
  }
  return 'no error';
}

describe('a job from creation to ACKNOWLEDGED', () => {
  it('runs its files side by side and saves them, then drops the chunks', async () => {
    const t = setup();
    await t.engine.start();
    const job = await t.engine.createJob(SHOP, init(2));
    expect(job.state).toBe('SUSPENDED');
    await t.engine.resume(SHOP, job.id);
    await settle();
    // Up to 4 files of a job at once (job-model.md), started in index order.
    expect(t.script.calls.map((call) => call.file.index)).toEqual([0, 1]);
    t.script.calls[0]?.progress(10, 100);
    await t.script.calls[0]?.finish(100);
    await settle();
    await t.script.calls[1]?.finish(50);
    await settle();

    const info = t.engine.getJob(SHOP, job.id);
    expect(t.states.get(job.id)).toEqual([
      'SUSPENDED',
      'QUEUED',
      'CONNECTING',
      'TRANSFERRING',
      'TRANSFERRED',
      'ACKNOWLEDGED',
    ]);
    expect(info.progress).toEqual({
      bytesTotal: 150,
      bytesTransferred: 150,
      filesTotal: 2,
      filesTransferred: 2,
    });
    expect(t.saver.saved.map((s) => s.path)).toEqual(['Album/0.bin', 'Album/1.bin']);
    expect(info.files.map((f) => f.localPath)).toEqual(['Album/0.bin', 'Album/1.bin']);
    expect(info.times.transferCompleted).toBe(t.time.now());
    expect(await t.store.countChunks(job.id)).toBe(0);
    expect(t.active).toEqual([true, false]);
    expect(t.time.pending).toBe(0);
  });

  it('waits for complete() when autoComplete is false', async () => {
    const t = setup();
    const job = await t.engine.createJob(SHOP, init(1, { autoComplete: false }));
    await t.engine.resume(SHOP, job.id);
    await settle();
    await t.script.calls[0]?.finish(10);
    await settle();
    expect(t.engine.getJob(SHOP, job.id).state).toBe('TRANSFERRED');
    expect(await t.store.countChunks(job.id)).toBe(1);
    const done = await t.engine.complete(SHOP, job.id);
    expect(done.state).toBe('ACKNOWLEDGED');
    expect(done.files[0]?.localPath).toBe('0.bin');
  });

  it('completes a ::WMP_JOB job itself and never a ::WMP_STATUS job', async () => {
    const t = setup();
    t.script.autoFinish = 10;
    const wmpJob = await t.engine.createJob(
      SHOP,
      init(1, {
        autoComplete: false,
        description: '::WMP_JOB:1:424242:Proseware:The Band:Live:3:Opening Night:215:75',
      }),
    );
    const status = await t.engine.createJob(
      SHOP,
      init(1, { description: '::WMP_STATUS:1:424242:Proseware:The Band:Live:4:Encore:215:75' }),
    );
    expect(wmpJob.collectionId).toBe(424242);
    await t.engine.resume(SHOP, wmpJob.id);
    await t.engine.resume(SHOP, status.id);
    await t.time.advance(0);
    expect(t.engine.getJob(SHOP, wmpJob.id).state).toBe('ACKNOWLEDGED');
    expect(t.engine.getJob(SHOP, status.id).state).toBe('TRANSFERRED');
    expect(t.saver.saved.map((s) => s.path)).toEqual(['Proseware/The Band/Live/03 Opening Night.bin']);
  });
});

describe('failures and retries', () => {
  it('retries a transient failure after minimumRetryDelay', async () => {
    const t = setup();
    const job = await t.engine.createJob(SHOP, init(1, { minimumRetryDelay: 30 }));
    await t.engine.resume(SHOP, job.id);
    await settle();
    const failedAt = t.time.now();
    t.script.calls[0]?.fail(failure(503, true));
    await settle();
    const info = t.engine.getJob(SHOP, job.id);
    expect(info.state).toBe('TRANSIENT_ERROR');
    expect(info.error?.code).toBe('BG_E_HTTP_ERROR_503');
    expect(t.wakeAt.at(-1)).toBe(failedAt + 30_000);

    await t.time.advance(29_999);
    expect(t.script.calls).toHaveLength(1);
    await t.time.advance(1);
    expect(t.script.calls).toHaveLength(2);
    await t.script.calls[1]?.finish();
    await settle();
    expect(t.engine.getJob(SHOP, job.id).state).toBe('ACKNOWLEDGED');
    expect(t.engine.getJob(SHOP, job.id).error).toBeNull();
    expect(t.wakeAt.at(-1)).toBeNull();
  });

  it('honours a Retry-After longer than the retry delay', async () => {
    const t = setup();
    const job = await t.engine.createJob(SHOP, init(1, { minimumRetryDelay: 5 }));
    await t.engine.resume(SHOP, job.id);
    await settle();
    t.script.calls[0]?.fail(failure(429, true, 120_000));
    await t.time.advance(119_000);
    expect(t.engine.getJob(SHOP, job.id).state).toBe('TRANSIENT_ERROR');
    await t.time.advance(1000);
    expect(t.script.calls).toHaveLength(2);
  });

  it('ends in ERROR with the last error once noProgressTimeout passed without a byte', async () => {
    const t = setup();
    const job = await t.engine.createJob(SHOP, init(1, { minimumRetryDelay: 5, noProgressTimeout: 12 }));
    await t.engine.resume(SHOP, job.id);
    await settle();
    t.script.calls[0]?.fail(failure(503, true));
    await t.time.advance(5000);
    t.script.calls[1]?.fail(failure(502, true));
    await t.time.advance(5000);
    expect(t.engine.getJob(SHOP, job.id).state).toBe('CONNECTING');
    t.script.calls[2]?.fail(failure(504, true));
    await settle();
    expect(t.engine.getJob(SHOP, job.id).state).toBe('TRANSIENT_ERROR');
    await t.time.advance(2000); // 12 s after the first error: the window closes while waiting
    const info = t.engine.getJob(SHOP, job.id);
    expect(info.state).toBe('ERROR');
    expect(info.error?.code).toBe('BG_E_HTTP_ERROR_504');
    expect(t.time.pending).toBe(0);
  });

  it('keeps retrying while bytes keep arriving', async () => {
    const t = setup();
    const job = await t.engine.createJob(SHOP, init(1, { minimumRetryDelay: 5, noProgressTimeout: 8 }));
    await t.engine.resume(SHOP, job.id);
    await settle();
    t.script.calls[0]?.fail(failure(503, true));
    await t.time.advance(5000);
    t.script.calls[1]?.progress(10, 100);
    t.script.calls[1]?.fail(failure(503, true));
    await t.time.advance(5000);
    t.script.calls[2]?.fail(failure(503, true));
    await settle();
    expect(t.engine.getJob(SHOP, job.id).state).toBe('TRANSIENT_ERROR');
  });

  it('makes every error fatal with noProgressTimeout 0, and resume() retries at once', async () => {
    const t = setup();
    const job = await t.engine.createJob(SHOP, init(1, { noProgressTimeout: 0 }));
    await t.engine.resume(SHOP, job.id);
    await settle();
    t.script.calls[0]?.fail(failure(503, true));
    await settle();
    expect(t.engine.getJob(SHOP, job.id).state).toBe('ERROR');
    expect(t.time.pending).toBe(0);
    const resumed = await t.engine.resume(SHOP, job.id);
    expect(resumed.error).toBeNull();
    await settle();
    expect(t.script.calls).toHaveLength(2);
  });

  it('sends a fatal failure to ERROR', async () => {
    const t = setup();
    const job = await t.engine.createJob(SHOP, init(1));
    await t.engine.resume(SHOP, job.id);
    await settle();
    t.script.calls[0]?.fail(failure(404, false));
    await settle();
    expect(t.engine.getJob(SHOP, job.id)).toMatchObject({
      state: 'ERROR',
      error: { code: 'BG_E_HTTP_ERROR_404' },
    });
  });

  it('reports a full storage as BG_E_DISK_FULL', async () => {
    const t = setup();
    const job = await t.engine.createJob(SHOP, init(1));
    await t.engine.resume(SHOP, job.id);
    await settle();
    t.script.calls[0]?.fail(new DOMException('quota', 'QuotaExceededError'));
    await settle();
    expect(t.engine.getJob(SHOP, job.id)).toMatchObject({
      state: 'ERROR',
      error: { code: 'BG_E_DISK_FULL', context: 'local-file', fileIndex: 0 },
    });
  });
});

describe('site access (site-access.ts)', () => {
  const CDN = 'https://cdn.example';

  it('stops a running job at once when its site is blocked, keeping its bytes, and resumes it when allowed', async () => {
    const t = setup();
    const job = await t.engine.createJob(SHOP, init(1));
    await t.engine.resume(SHOP, job.id);
    await settle();
    t.script.calls[0]?.progress(40, 100);
    t.engine.setBlockedOrigins([CDN]);
    await settle();
    const waiting = t.engine.getJob(SHOP, job.id);
    expect(waiting.state).toBe('ERROR');
    expect(waiting.error).toMatchObject({ code: 'E_ACCESSDENIED', hresult: 0x80070005, fileIndex: 0 });
    expect(waiting.error?.message).toContain('cdn.example');
    expect(waiting.progress.bytesTransferred).toBe(40);
    expect(t.script.calls[0]?.aborted).toBe(true);
    // No retry while it waits, however long.
    await t.time.advance(3_600_000);
    expect(t.script.calls).toHaveLength(1);

    t.engine.setBlockedOrigins([]);
    await settle();
    expect(t.script.calls).toHaveLength(2);
    await t.script.calls[1]?.finish(100);
    await settle();
    expect(t.engine.getJob(SHOP, job.id).state).toBe('ACKNOWLEDGED');
  });

  it('never starts a queued job for a blocked site, nor one in TRANSIENT_ERROR when its retry is due', async () => {
    const t = setup();
    t.engine.setBlockedOrigins([CDN]);
    const blocked = await t.engine.createJob(SHOP, init(1));
    const other = await t.engine.createJob(SHOP, {
      displayName: 'Elsewhere',
      files: [{ url: 'https://mirror.example/a.bin' }],
    });
    await t.engine.resume(SHOP, blocked.id);
    await t.engine.resume(SHOP, other.id);
    await settle();
    expect(t.engine.getJob(SHOP, blocked.id).state).toBe('ERROR');
    expect(t.script.calls.map((call) => call.file.url)).toEqual(['https://mirror.example/a.bin']);
    // An explicit resume while still blocked goes straight back to waiting.
    await t.engine.resume(SHOP, blocked.id);
    await settle();
    expect(t.engine.getJob(SHOP, blocked.id).error?.code).toBe('E_ACCESSDENIED');
    expect(t.script.calls).toHaveLength(1);
  });

  it('leaves suspended jobs and other errors alone', async () => {
    const t = setup();
    const suspended = await t.engine.createJob(SHOP, init(1));
    const failed = await t.engine.createJob(SHOP, init(1));
    await t.engine.resume(SHOP, failed.id);
    await settle();
    t.script.calls[0]?.fail(failure(404, false));
    await settle();
    t.engine.setBlockedOrigins([CDN]);
    t.engine.setBlockedOrigins([]);
    await settle();
    expect(t.engine.getJob(SHOP, suspended.id).state).toBe('SUSPENDED');
    expect(t.engine.getJob(SHOP, failed.id).error?.code).toBe('BG_E_HTTP_ERROR_404');
  });
});

describe('suspend, cancel and complete', () => {
  it('suspends at once, aborting the transfer, and resumes later', async () => {
    const t = setup();
    const job = await t.engine.createJob(SHOP, init(1));
    await t.engine.resume(SHOP, job.id);
    await settle();
    t.script.calls[0]?.progress(40, 100);
    const suspended = await t.engine.suspend(SHOP, job.id);
    expect(suspended.state).toBe('SUSPENDED');
    expect(suspended.progress.bytesTransferred).toBe(40);
    expect(t.script.calls[0]?.aborted).toBe(true);
    await settle();
    expect(t.active.at(-1)).toBe(false);
    await t.engine.resume(SHOP, job.id);
    await settle();
    expect(t.script.calls).toHaveLength(2);
  });

  it('cancels: CANCELLED, stored chunks deleted, saved files left alone', async () => {
    const t = setup();
    const job = await t.engine.createJob(SHOP, init(2, { autoComplete: false }));
    await t.engine.resume(SHOP, job.id);
    await settle();
    await t.script.calls[0]?.finish(10);
    await settle();
    expect(await t.store.countChunks(job.id)).toBe(1);
    const cancelled = await t.engine.cancel(SHOP, job.id);
    expect(cancelled.state).toBe('CANCELLED');
    expect(t.script.calls[1]?.aborted).toBe(true);
    expect(await t.store.countChunks(job.id)).toBe(0);
    expect(t.saver.saved).toHaveLength(0);
    expect(await errorName(t.engine.resume(SHOP, job.id))).toBe('BG_E_INVALID_STATE');
  });

  it('partial complete saves the finished files and drops the rest', async () => {
    const t = setup();
    const job = await t.engine.createJob(SHOP, init(2));
    await t.engine.resume(SHOP, job.id);
    await settle();
    await t.script.calls[0]?.finish(10);
    await settle();
    t.script.calls[1]?.progress(5, 20);
    const done = await t.engine.complete(SHOP, job.id);
    expect(done.state).toBe('ACKNOWLEDGED');
    expect(t.saver.saved.map((s) => s.fileIndex)).toEqual([0]);
    expect(done.files.map((f) => f.completed)).toEqual([true, false]);
    expect(await t.store.countChunks(job.id)).toBe(0);
  });

  it('a failed save leaves the job TRANSFERRED with BG_E_LOCAL_FILE, chunks kept, and complete() retries', async () => {
    const t = setup();
    t.saver.failWith = new Error('the download was interrupted');
    const job = await t.engine.createJob(SHOP, init(1));
    await t.engine.resume(SHOP, job.id);
    await settle();
    await t.script.calls[0]?.finish(10);
    await settle();
    const failed = t.engine.getJob(SHOP, job.id);
    expect(failed.state).toBe('TRANSFERRED');
    expect(failed.error).toMatchObject({ code: 'BG_E_LOCAL_FILE', context: 'local-file', fileIndex: 0 });
    expect(failed.error?.message).toContain('0.bin');
    expect(await t.store.countChunks(job.id)).toBe(1);

    t.saver.failWith = null;
    const done = await t.engine.complete(SHOP, job.id);
    expect(done).toMatchObject({ state: 'ACKNOWLEDGED', error: null });
    expect(await t.store.countChunks(job.id)).toBe(0);
  });
});

describe('more files, stopping', () => {
  it('queues a transferred job again when files are added', async () => {
    const t = setup();
    t.script.autoFinish = 10;
    const job = await t.engine.createJob(SHOP, init(1, { autoComplete: false }));
    await t.engine.resume(SHOP, job.id);
    await t.time.advance(0);
    expect(t.engine.getJob(SHOP, job.id).state).toBe('TRANSFERRED');
    const added = await t.engine.addFiles(SHOP, job.id, [{ url: url(7), name: 'seven.bin' }]);
    expect(added.progress.filesTotal).toBe(2);
    await t.time.advance(0);
    expect(t.script.calls.at(-1)?.file).toMatchObject({ index: 1, name: 'seven.bin' });
    expect(t.engine.getJob(SHOP, job.id)).toMatchObject({
      state: 'TRANSFERRED',
      progress: { filesTransferred: 2 },
    });
  });

  it('stop() ends every transfer, keeps the jobs queued in the store and leaves no timer', async () => {
    const t = setup();
    const job = await t.engine.createJob(SHOP, init(1, { minimumRetryDelay: 5 }));
    const other = await t.engine.createJob(SHOP, init(1, { minimumRetryDelay: 5 }));
    await t.engine.resume(SHOP, job.id);
    await t.engine.resume(SHOP, other.id);
    await settle();
    t.script.calls[1]?.fail(failure(503, true));
    await settle();
    expect(t.time.pending).toBe(1);
    await t.engine.stop();
    expect(t.script.calls[0]?.aborted).toBe(true);
    expect(t.time.pending).toBe(0);
    expect(t.active.at(-1)).toBe(false);
    const stored = (await t.store.loadAll()).jobs.map((j) => j.state).sort();
    expect(stored).toEqual(['QUEUED', 'TRANSIENT_ERROR']);
    // The host's alarm still knows when the retry is due.
    expect(t.wakeAt.at(-1)).toBe(t.time.now() + 5000);
  });
});

describe('recovery after a restart', () => {
  it('re-queues jobs that were running and retries due transient errors', async () => {
    const first = setup();
    const running = await first.engine.createJob(SHOP, init(1));
    const failing = await first.engine.createJob(SHOP, init(1, { minimumRetryDelay: 60 }));
    await first.engine.resume(SHOP, running.id);
    await first.engine.resume(SHOP, failing.id);
    await settle();
    first.script.calls[1]?.fail(failure(503, true));
    first.script.calls[0]?.progress(30, 100);
    await settle();
    // The process dies here: no stop(), the store keeps what was written.

    const h = harness(first.store);
    h.time.time = first.time.now() + 61_000;
    const second = setup({}, h);
    await second.engine.start();
    await settle();
    expect(second.script.calls.map((c) => c.file.jobId).sort()).toEqual([running.id, failing.id].sort());
    expect(second.engine.getJob('*', running.id).state).toBe('CONNECTING');
    for (const call of second.script.calls) await call.finish(100);
    await settle();
    expect(second.engine.listJobs('*').map((j) => j.state)).toEqual(['ACKNOWLEDGED', 'ACKNOWLEDGED']);
  });

  it('forgets final jobs 7 days after their last change', async () => {
    const t = setup();
    const job = await t.engine.createJob(SHOP, init(1));
    await t.engine.cancel(SHOP, job.id);
    const h = harness(t.store);
    h.time.time = t.time.now() + 7 * 24 * 3600 * 1000;
    const later = setup({}, h);
    await later.engine.start();
    await settle();
    expect(later.engine.listJobs('*')).toEqual([]);
    expect((await t.store.loadAll()).jobs).toEqual([]);
  });
});

describe('scheduling', () => {
  it('runs backgroundJobs at once, lets high pre-empt normal, and foreground pre-empt both', async () => {
    const t = setup({ settings: { backgroundJobs: 1 } });
    const a = await t.engine.createJob(SHOP, init(1));
    const b = await t.engine.createJob(SHOP, init(1));
    await t.engine.resume(SHOP, a.id);
    await t.engine.resume(SHOP, b.id);
    await settle();
    expect(t.engine.getJob(SHOP, a.id).state).toBe('CONNECTING');
    expect(t.engine.getJob(SHOP, b.id).state).toBe('QUEUED');

    const high = await t.engine.createJob(SHOP, init(1, { priority: 'high' }));
    await t.engine.resume(SHOP, high.id);
    await settle();
    expect(t.engine.getJob(SHOP, a.id).state).toBe('QUEUED');
    expect(t.script.calls[0]?.aborted).toBe(true);
    expect(t.engine.getJob(SHOP, high.id).state).toBe('CONNECTING');

    const fg = await t.engine.createJob(SHOP, init(1, { priority: 'foreground' }));
    await t.engine.resume(SHOP, fg.id);
    await settle();
    expect(t.engine.getJob(SHOP, high.id).state).toBe('QUEUED');
    expect(t.engine.getJob(SHOP, fg.id).state).toBe('CONNECTING');
    expect(t.script.calls.at(-1)?.env.throttle).toBeNull();

    await t.script.calls.at(-1)?.finish();
    await settle();
    expect(t.engine.getJob(SHOP, high.id).state).toBe('CONNECTING');
    await t.script.calls.at(-1)?.finish();
    await settle();
    // The pre-empted job kept its place ahead of b.
    expect(t.engine.getJob(SHOP, a.id).state).toBe('CONNECTING');
    expect(t.engine.getJob(SHOP, b.id).state).toBe('QUEUED');
  });

  it('takes turns within a level in time slices', async () => {
    const t = setup({ settings: { backgroundJobs: 1 }, tuning: { timeSliceMs: 1000 } });
    const a = await t.engine.createJob(SHOP, init(1));
    const b = await t.engine.createJob(SHOP, init(1));
    await t.engine.resume(SHOP, a.id);
    await t.engine.resume(SHOP, b.id);
    await settle();
    expect(t.engine.getJob(SHOP, a.id).state).toBe('CONNECTING');
    await t.time.advance(1000);
    expect(t.engine.getJob(SHOP, a.id).state).toBe('QUEUED');
    expect(t.engine.getJob(SHOP, b.id).state).toBe('CONNECTING');
    await t.time.advance(1000);
    expect(t.engine.getJob(SHOP, a.id).state).toBe('CONNECTING');
    await t.engine.cancel(SHOP, b.id);
    await settle();
    expect(t.time.pending).toBe(0);
  });

  it('re-plans when a priority changes', async () => {
    const t = setup({ settings: { backgroundJobs: 1 } });
    const a = await t.engine.createJob(SHOP, init(1));
    const b = await t.engine.createJob(SHOP, init(1));
    await t.engine.resume(SHOP, a.id);
    await t.engine.resume(SHOP, b.id);
    await settle();
    await t.engine.setPriority(SHOP, b.id, 'high');
    await settle();
    expect(t.engine.getJob(SHOP, a.id).state).toBe('QUEUED');
    expect(t.engine.getJob(SHOP, b.id)).toMatchObject({ state: 'CONNECTING', priority: 'high' });
    expect(await errorName(t.engine.setPriority(SHOP, b.id, 'urgent' as never))).toBe('TypeError');
  });

  it('applies settings at once', async () => {
    const t = setup({ settings: { backgroundJobs: 1 } });
    const a = await t.engine.createJob(SHOP, init(1));
    const b = await t.engine.createJob(SHOP, init(1));
    await t.engine.resume(SHOP, a.id);
    await t.engine.resume(SHOP, b.id);
    await settle();
    t.engine.updateSettings({ backgroundJobs: 2, connectionsPerFile: 9 });
    await settle();
    expect(t.engine.getJob(SHOP, b.id).state).toBe('CONNECTING');
    expect(t.script.calls[0]?.env.connectionsPerFile()).toBe(9);
  });
});

describe('events, scopes and limits', () => {
  it('sends progress at most every progressIntervalMs per job, state changes at once', async () => {
    const t = setup({ tuning: { progressIntervalMs: 500 } });
    const job = await t.engine.createJob(SHOP, init(1));
    const kinds: string[] = [];
    t.engine.subscribe((_, kind) => kinds.push(kind));
    await t.engine.resume(SHOP, job.id);
    await settle();
    const call = t.script.calls[0];
    call?.progress(1, 100);
    call?.progress(2, 100);
    await t.time.advance(499);
    call?.progress(3, 100);
    await t.time.advance(1);
    call?.progress(4, 100);
    expect(kinds).toEqual(['state', 'state', 'state', 'progress', 'progress']);
  });

  it('delivers the last progress of a window when the window ends, even if no more bytes come', async () => {
    const t = setup({ tuning: { progressIntervalMs: 500 } });
    const job = await t.engine.createJob(SHOP, init(1));
    const seen: number[] = [];
    t.engine.subscribe((info, kind) => {
      if (kind === 'progress') seen.push(info.progress.bytesTransferred);
    });
    await t.engine.resume(SHOP, job.id);
    await settle();
    const call = t.script.calls[0];
    call?.progress(10, 100);
    call?.progress(20, 100);
    call?.progress(30, 100);
    expect(seen).toEqual([10]);
    await t.time.advance(500);
    expect(seen).toEqual([10, 30]);
    await t.time.advance(5000);
    expect(seen).toEqual([10, 30]);
  });

  it('hides other owners\u2019 jobs and lists newest first', async () => {
    const t = setup();
    const old = await t.engine.createJob(SHOP, init(1));
    await t.time.advance(10);
    const mine = await t.engine.createJob(SHOP, init(1));
    const theirs = await t.engine.createJob('https://other.example', init(1));
    expect(t.engine.listJobs(SHOP).map((j) => j.id)).toEqual([mine.id, old.id]);
    expect(t.engine.listJobs('*')).toHaveLength(3);
    expect(await errorName(() => t.engine.getJob(SHOP, theirs.id))).toBe('BG_E_NOT_FOUND');
    expect(await errorName(t.engine.cancel(SHOP, theirs.id))).toBe('BG_E_NOT_FOUND');
    expect(await errorName(t.engine.resume(SHOP, 'nope'))).toBe('BG_E_NOT_FOUND');
  });

  it('refuses resume without files, a second file in a WMP job, and the 1001st unfinished job', async () => {
    const t = setup();
    const empty = await t.engine.createJob(SHOP, init(0));
    expect(await errorName(t.engine.resume(SHOP, empty.id))).toBe('BG_E_EMPTY');
    const wmp = await t.engine.createJob(SHOP, init(1, { description: '::WMP_STATUS:1:7:P:A:B:1:T::' }));
    expect(await errorName(t.engine.addFiles(SHOP, wmp.id, [{ url: url(9) }]))).toBe('TypeError');
    for (let i = 2; i < 1000; i++) await t.engine.createJob(SHOP, init(0));
    expect(await errorName(t.engine.createJob(SHOP, init(0)))).toBe('BG_E_TOO_MANY_JOBS_PER_USER');
    await t.engine.cancel(SHOP, empty.id);
    await t.engine.createJob(SHOP, init(0));
  });

  it('removes final jobs only, and clears the finished ones in scope', async () => {
    const t = setup();
    const a = await t.engine.createJob(SHOP, init(1));
    const b = await t.engine.createJob(SHOP, init(1));
    expect(await errorName(t.engine.removeJob(SHOP, a.id))).toBe('BG_E_INVALID_STATE');
    await t.engine.cancel(SHOP, a.id);
    await t.engine.cancel(SHOP, b.id);
    const removed: string[] = [];
    t.engine.subscribe((info, kind) => kind === 'removed' && removed.push(info.id));
    await t.engine.removeJob(SHOP, a.id);
    expect(await t.engine.clearFinished(SHOP)).toBe(1);
    expect(removed).toEqual([a.id, b.id]);
    expect(t.engine.listJobs('*')).toEqual([]);
  });
});
