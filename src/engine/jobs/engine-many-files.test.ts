import { describe, expect, it } from 'vitest';
import { Engine, type EngineOptions } from './engine';
import { harness, scriptedTransfer, settle } from '../../../test/engine/support/engine-harness';
import type { FileSaver, SaveRequest } from '../ports';
import type { JobInit } from '../types';

const SHOP = 'https://shop.example';

function setup(options: EngineOptions = {}) {
  const h = harness();
  const script = scriptedTransfer(h.store);
  const engine = new Engine(h.ports, { transferFile: script.transferFile, ...options });
  return { ...h, engine, script };
}

const init = (files: number, patch: Partial<JobInit> = {}): JobInit => ({
  displayName: 'Album',
  files: Array.from({ length: files }, (_, i) => ({ url: `https://cdn.example/files/${i}.bin` })),
  ...patch,
});

/** A saver whose saves the test lets through one by one. */
class GatedSaver implements FileSaver {
  readonly waiting: { request: SaveRequest; done(): void }[] = [];

  save(request: SaveRequest): Promise<{ localPath: string }> {
    return new Promise((resolve) => {
      this.waiting.push({ request, done: () => resolve({ localPath: request.path }) });
    });
  }
}

describe('the files of one job side by side', () => {
  it('runs at most filesAtOnce files; the next starts in index order as one finishes', async () => {
    const t = setup({ tuning: { filesAtOnce: 3 } });
    const job = await t.engine.createJob(SHOP, init(5));
    await t.engine.resume(SHOP, job.id);
    await settle();
    expect(t.script.calls.map((c) => c.file.index)).toEqual([0, 1, 2]);
    await t.script.calls[1]?.finish(10);
    await settle();
    expect(t.script.calls.map((c) => c.file.index)).toEqual([0, 1, 2, 3]);
    expect(t.engine.getJob(SHOP, job.id).state).toBe('TRANSFERRING');
    for (const call of [0, 2, 3]) await t.script.calls[call]?.finish(10);
    await settle();
    expect(t.script.calls.map((c) => c.file.index)).toEqual([0, 1, 2, 3, 4]);
    expect(t.engine.getJob(SHOP, job.id).state).toBe('TRANSFERRING');
    await t.script.calls[4]?.finish(10);
    await settle();
    const info = t.engine.getJob(SHOP, job.id);
    expect(info.state).toBe('ACKNOWLEDGED');
    expect(info.progress).toMatchObject({ filesTransferred: 5, bytesTransferred: 50 });
    expect(t.saver.saved.map((s) => s.fileIndex).sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it('the first file to fail stops the others and is the job’s error', async () => {
    const t = setup({ tuning: { filesAtOnce: 3 } });
    const job = await t.engine.createJob(SHOP, init(5));
    await t.engine.resume(SHOP, job.id);
    await settle();
    t.script.calls[0]?.progress(30, 100);
    t.script.calls[1]?.fail(new Error('the disk went away'));
    await settle();
    const info = t.engine.getJob(SHOP, job.id);
    expect(info.state).toBe('ERROR');
    expect(info.error).toMatchObject({ code: 'E_FAIL', fileIndex: 1 });
    expect(info.error?.message).toContain('1.bin');
    expect(t.script.calls.map((c) => c.aborted)).toEqual([true, true, true]);
    // The stopped file keeps what it received; no file started after the failure.
    expect(info.files.map((f) => f.bytesTransferred)).toEqual([30, 0, 0, 0, 0]);
    expect(t.active.at(-1)).toBe(false);
  });

  it('a suspend stops every running file and starts none', async () => {
    const t = setup({ tuning: { filesAtOnce: 2 } });
    const job = await t.engine.createJob(SHOP, init(4));
    await t.engine.resume(SHOP, job.id);
    await settle();
    const suspended = await t.engine.suspend(SHOP, job.id);
    await settle();
    expect(suspended.state).toBe('SUSPENDED');
    expect(t.script.calls.map((c) => [c.file.index, c.aborted])).toEqual([
      [0, true],
      [1, true],
    ]);
    expect(t.engine.getJob(SHOP, job.id)).toMatchObject({ state: 'SUSPENDED', error: null });
  });
});

describe('complete() with many files', () => {
  it('hands at most savesAtOnce files to the saver at once', async () => {
    const t = setup({ tuning: { savesAtOnce: 2 } });
    const saver = new GatedSaver();
    t.ports.saver = saver;
    t.script.autoFinish = 10;
    const job = await t.engine.createJob(SHOP, init(5));
    await t.engine.resume(SHOP, job.id);
    for (let saved = 0; saved < 5; saved++) {
      await settle();
      expect(saver.waiting).toHaveLength(Math.min(2, 5 - saved));
      expect(saver.waiting.map((w) => w.request.fileIndex)).toEqual([saved, saved + 1].filter((i) => i < 5));
      saver.waiting.shift()?.done();
    }
    await settle();
    const info = t.engine.getJob(SHOP, job.id);
    expect(info.state).toBe('ACKNOWLEDGED');
    expect(info.files.map((f) => f.localPath)).toEqual([0, 1, 2, 3, 4].map((i) => `Album/${i}.bin`));
    expect(await t.store.countChunks(job.id)).toBe(0);
  });

  it('drops a saved file with the write that stores its path, during the next save, and acknowledges after every drop', async () => {
    const t = setup({ tuning: { savesAtOnce: 1 } });
    const saver = new GatedSaver();
    t.ports.saver = saver;
    t.script.autoFinish = 10;
    const drops: { fileIndex: number; path: string | null; release(): void }[] = [];
    const drop = t.store.putFileAndDropData.bind(t.store);
    t.store.putFileAndDropData = async (file) => {
      await new Promise<void>((release) =>
        drops.push({ fileIndex: file.index, path: file.localPath, release }),
      );
      await drop(file);
    };
    const job = await t.engine.createJob(SHOP, init(2));
    await t.engine.resume(SHOP, job.id);
    await settle();
    saver.waiting.shift()?.done();
    await settle();
    // File 1 is being saved while file 0's bytes are dropped.
    expect(saver.waiting.map((w) => w.request.fileIndex)).toEqual([1]);
    expect(drops.map((d) => [d.fileIndex, d.path])).toEqual([[0, 'Album/0.bin']]);
    saver.waiting.shift()?.done();
    await settle();
    expect(t.engine.getJob(SHOP, job.id).state).not.toBe('ACKNOWLEDGED');
    drops[0]?.release();
    await settle();
    drops[1]?.release();
    await settle();
    expect(drops.map((d) => [d.fileIndex, d.path])).toEqual([
      [0, 'Album/0.bin'],
      [1, 'Album/1.bin'],
    ]);
    const stored = await t.store.getFiles(job.id);
    expect(stored.map((f) => f.localPath)).toEqual(['Album/0.bin', 'Album/1.bin']);
    expect(t.engine.getJob(SHOP, job.id).state).toBe('ACKNOWLEDGED');
    expect(await t.store.countChunks(job.id)).toBe(0);
  });

  it('starts no save once the job is cancelled', async () => {
    const t = setup({ tuning: { savesAtOnce: 2 } });
    const saver = new GatedSaver();
    t.ports.saver = saver;
    t.script.autoFinish = 10;
    const job = await t.engine.createJob(SHOP, init(5, { autoComplete: false }));
    await t.engine.resume(SHOP, job.id);
    await settle();
    expect(t.engine.getJob(SHOP, job.id).state).toBe('TRANSFERRED');
    const completing = t.engine.complete(SHOP, job.id);
    await settle();
    expect(saver.waiting).toHaveLength(2);
    const cancelled = t.engine.cancel(SHOP, job.id);
    for (const waiting of saver.waiting.splice(0)) waiting.done();
    await settle();
    expect(saver.waiting).toHaveLength(0);
    expect((await cancelled).state).toBe('CANCELLED');
    expect((await completing).state).toBe('CANCELLED');
    expect(await t.store.countChunks(job.id)).toBe(0);
  });
});
