import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ToFlushWorker } from './flush-messages';
import { FlusherGoneError, startFileFlusher } from './file-flusher';

/** A Worker whose answers the test gives: it records what it is sent and replies when told. */
class ScriptedWorker extends EventTarget {
  static last: ScriptedWorker | null = null;
  readonly sent: ToFlushWorker[] = [];
  terminated = false;
  constructor(readonly url: string) {
    super();
    ScriptedWorker.last = this;
  }
  postMessage(message: ToFlushWorker): void {
    this.sent.push(message);
  }
  terminate(): void {
    this.terminated = true;
  }
  reply(data: unknown): void {
    this.dispatchEvent(new MessageEvent('message', { data }));
  }
  crash(message: string): void {
    this.dispatchEvent(Object.assign(new Event('error'), { message }));
  }
}

function started() {
  vi.stubGlobal('Worker', ScriptedWorker);
  const flusher = startFileFlusher('engine-host-flush.js');
  const worker = ScriptedWorker.last as ScriptedWorker;
  return { flusher, worker };
}

afterEach(() => vi.unstubAllGlobals());

describe('the flush worker client', () => {
  it('resolves a flush when the flush worker answers it, and names the file it asked for', async () => {
    const { flusher, worker } = started();
    const flushed = flusher.flush('job-0.part');
    expect(worker.sent).toEqual([{ type: 'flush', id: 1, name: 'job-0.part' }]);
    worker.reply({ id: 1, ok: true });
    await expect(flushed).resolves.toBeUndefined();
  });

  it('answers each call by its id, whatever the order of the answers', async () => {
    const { flusher, worker } = started();
    const first = flusher.flush('a.part');
    const second = flusher.close('b.part');
    worker.reply({ id: 2, ok: true });
    worker.reply({ id: 1, ok: false, name: 'QuotaExceededError', message: 'The disk is full.' });
    await expect(second).resolves.toBeUndefined();
    // The engine classifies a full disk by this name (BG_E_DISK_FULL): it must survive the hop.
    const error = await first.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('QuotaExceededError');
    expect((error as DOMException).message).toBe('The disk is full.');
  });

  it('rejects what waits and what comes after with FlusherGoneError once the worker fails', async () => {
    const { flusher, worker } = started();
    const waiting = flusher.flush('a.part');
    worker.crash('out of memory');
    await expect(waiting).rejects.toBeInstanceOf(FlusherGoneError);
    await expect(flusher.flush('a.part')).rejects.toThrow('The flush worker stopped: out of memory');
    expect(worker.sent).toHaveLength(1); // nothing is posted to a worker that is gone
    expect(worker.terminated).toBe(true); // its handles would keep the files from being removed
  });

  it('stop() ends the worker and rejects anything still waiting', async () => {
    const { flusher, worker } = started();
    const waiting = flusher.close('a.part');
    flusher.stop();
    expect(worker.terminated).toBe(true);
    await expect(waiting).rejects.toBeInstanceOf(FlusherGoneError);
  });
});
