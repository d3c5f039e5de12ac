/**
 * The flush worker: a dedicated worker the engine host's worker starts, which makes its backing
 * files durable. A sync access handle's `flush()` is a disk sync that blocks its thread for about a
 * millisecond per MiB; done in the engine host's worker, it stopped every connection's reads once per
 * chunk (docs/performance.md, "Flushing on another thread"). Here it holds its own handle on each file
 * (both sides open them `readwrite-unsafe`, Chromium's shared mode), so the disk sync runs while the
 * engine host reads on. A sync covers every byte the host wrote before it asked: the writes are
 * plain file writes, and a sync is per file, not per handle. Wiring only.
 */
import type { FromFlushWorker, ToFlushWorker } from './flush-messages';
import { openSyncHandle } from './sync-handle';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const handles = new Map<string, FileSystemSyncAccessHandle>();
const root = navigator.storage.getDirectory();

async function handle(name: string): Promise<FileSystemSyncAccessHandle> {
  const open = handles.get(name);
  if (open) return open;
  const created = await openSyncHandle(await (await root).getFileHandle(name), true);
  handles.set(name, created);
  return created;
}

async function answer(message: ToFlushWorker): Promise<void> {
  if (message.type === 'flush') (await handle(message.name)).flush();
  else {
    handles.get(message.name)?.close();
    handles.delete(message.name);
  }
}

// Messages are answered in the order they came: a close waits for the flushes before it.
let queue = Promise.resolve();
scope.addEventListener('message', (event: MessageEvent<ToFlushWorker>) => {
  const message = event.data;
  queue = queue.then(() =>
    answer(message).then(
      () => scope.postMessage({ id: message.id, ok: true } satisfies FromFlushWorker),
      (error: unknown) =>
        scope.postMessage({
          id: message.id,
          ok: false,
          name: error instanceof DOMException ? error.name : 'Error',
          message: error instanceof Error ? error.message : String(error),
        } satisfies FromFlushWorker),
    ),
  );
});
