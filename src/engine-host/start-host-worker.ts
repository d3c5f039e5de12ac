/**
 * The document side of the engine host: starts its worker, forwards calls to it, passes its events
 * on, and turns a finished file the worker hands over into a blob: URL for the downloads API (a
 * worker's own blob: URLs die with it, and a service worker cannot make any). Used by Chrome's
 * offscreen document and by Firefox's background page.
 */
import type { HostCallResult, HostEvent, SaveRequestMessage } from '../shared/engine-host-api';
import type { DocumentToWorker, WorkerToDocument } from './worker-messages';

/** The worker script, built next to the background script (src/build/extension-build.ts). */
export const HOST_WORKER_SCRIPT = 'engine-host.js';

export interface HostWorkerDeps {
  scriptUrl: string;
  onEvent(event: HostEvent): void;
  /** Saves through the downloads API; resolves once the browser reports the file complete. */
  save(request: SaveRequestMessage): Promise<{ localPath: string }>;
}

export interface HostWorker {
  call(message: unknown): Promise<HostCallResult>;
  terminate(): void;
}

export function startHostWorker(deps: HostWorkerDeps): HostWorker {
  const worker = new Worker(deps.scriptUrl);
  const pending = new Map<number, (result: HostCallResult) => void>();
  let nextId = 1;
  const send = (message: DocumentToWorker): void => worker.postMessage(message);

  const save = async (message: Extract<WorkerToDocument, { type: 'save' }>): Promise<void> => {
    const url = URL.createObjectURL(message.file);
    try {
      const { localPath } = await deps.save({
        url,
        path: message.path,
        jobId: message.jobId,
        fileIndex: message.fileIndex,
      });
      send({ type: 'saved', id: message.id, ok: true, localPath });
    } catch (error) {
      send({
        type: 'saved',
        id: message.id,
        ok: false,
        message: error instanceof Error ? error.message : String(error),
      });
    } finally {
      URL.revokeObjectURL(url);
    }
  };

  worker.addEventListener('message', (event: MessageEvent<WorkerToDocument>) => {
    const message = event.data;
    if (message.type === 'result') {
      pending.get(message.id)?.(message.result);
      pending.delete(message.id);
    } else if (message.type === 'event') deps.onEvent(message.event);
    else void save(message);
  });
  worker.addEventListener('error', (event) => console.error('WebBITS engine host', event.message));

  return {
    call(message) {
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        send({ type: 'call', id, message });
      });
    },
    terminate: () => worker.terminate(),
  };
}
