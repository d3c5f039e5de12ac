/**
 * The engine host's side of its flush worker (src/engine-host/flush-worker.ts): asks it to make a
 * backing file durable, or to let go of its handle on one. A failure comes back as the DOMException
 * the worker saw (a full disk stays QuotaExceededError). If the worker itself fails, it is ended
 * (its handles would otherwise keep the files from being read back or removed) and every call
 * rejects with FlusherGoneError at once, so that the caller flushes on its own thread instead.
 */
import type { FromFlushWorker, ToFlushWorker } from './flush-messages';

export interface FileFlusher {
  flush(name: string): Promise<void>;
  close(name: string): Promise<void>;
  stop(): void;
}

export class FlusherGoneError extends Error {
  override name = 'FlusherGoneError';
}

export function startFileFlusher(scriptUrl: string): FileFlusher {
  const worker = new Worker(scriptUrl);
  const pending = new Map<number, { resolve(): void; reject(error: Error): void }>();
  let nextId = 1;
  let gone: FlusherGoneError | null = null;

  const fail = (reason: string): void => {
    worker.terminate();
    gone = new FlusherGoneError(`The flush worker stopped: ${reason}`);
    for (const waiter of pending.values()) waiter.reject(gone);
    pending.clear();
  };
  worker.addEventListener('error', (event) => fail(event.message || 'error'));
  worker.addEventListener('messageerror', () => fail('an unreadable message'));
  worker.addEventListener('message', (event: MessageEvent<FromFlushWorker>) => {
    const reply = event.data;
    const waiter = pending.get(reply.id);
    pending.delete(reply.id);
    if (reply.ok) waiter?.resolve();
    else waiter?.reject(new DOMException(reply.message, reply.name));
  });

  const send = (type: ToFlushWorker['type'], name: string): Promise<void> => {
    if (gone) return Promise.reject(gone);
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ type, id, name } satisfies ToFlushWorker);
    });
  };
  return {
    flush: (name) => send('flush', name),
    close: (name) => send('close', name),
    stop: () => fail('stopped'),
  };
}
