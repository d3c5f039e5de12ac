/**
 * The engine host: a dedicated worker, started by Chrome's offscreen document or by Firefox's
 * background page. It runs the whole engine here: `fetch`, the backing files (written in place
 * through sync access handles, which only a dedicated worker has) and the records in IndexedDB.
 * A stopped service worker interrupts nothing here. Wiring only: the logic is in src/engine.
 */
import { createEngine } from '../engine/jobs/engine';
import type { EnginePorts, FileSaver } from '../engine/ports';
import type { HostEvent } from '../shared/engine-host-api';
import { assembleFileBlob } from './file-blob';
import { FLUSH_WORKER_SCRIPT } from './flush-messages';
import { openHostStore } from './host-store';
import { createEngineHost } from './serve-engine';
import { createNetworkCost } from './network-cost';
import { writeStagedBlob, type StagedBlobWriterDeps } from './staged-blob-writer';
import type { DocumentToWorker, WorkerToDocument } from './worker-messages';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (message: WorkerToDocument): void => scope.postMessage(message);
const emit = (event: HostEvent): void => post({ type: 'event', event });

const pendingSaves = new Map<number, { resolve(path: string): void; reject(error: Error): void }>();
let nextSaveId = 1;

function randomInt32(): number {
  const [value = 1] = crypto.getRandomValues(new Int32Array(1));
  return value === 0 ? 1 : value;
}

/** Uploads keep their data in the origin private file system: without one (Firefox private windows), none. */
const NO_UPLOAD_STORAGE =
  'files[0].data: WebBITS cannot keep an upload here: this browser profile gives it no file storage';
const stagedBlobWriterDeps: StagedBlobWriterDeps = {
  blobUrlPrefix: `blob:${scope.location.origin}/`,
  fetch: (url) => fetch(url),
  root: () => navigator.storage.getDirectory(),
};

const networkCost = createNetworkCost(scope.navigator as { connection?: unknown });

const hostReady = openHostStore(new URL(FLUSH_WORKER_SCRIPT, scope.location.href).href).then((opened) => {
  const saver: FileSaver = {
    async save(request) {
      const file = await assembleFileBlob(opened.store, request);
      const id = nextSaveId++;
      const localPath = await new Promise<string>((resolve, reject) => {
        pendingSaves.set(id, { resolve, reject });
        post({
          type: 'save',
          id,
          path: request.path,
          jobId: request.jobId,
          fileIndex: request.fileIndex,
          file,
        });
      });
      return { localPath };
    },
  };
  const ports: EnginePorts = {
    fetch: (url, init) => fetch(url, init),
    clock: { now: () => Date.now() },
    timers: {
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    },
    random: { uuid: () => crypto.randomUUID(), int32: randomInt32 },
    store: opened.store,
    saver,
    network: networkCost.port,
    WebSocket,
    ...(opened.uploads ? { uploads: opened.uploads } : {}),
    onActiveChange: (active) => emit({ type: 'active', active }),
    onWakeAt: (at) => emit({ type: 'wake-at', at }),
    onFollowingChange: (following) => emit({ type: 'following', following }),
  };
  return createEngineHost({
    createEngine: (settings) =>
      createEngine(ports, { settings, tuning: { wholeChunkBlobs: opened.storage === 'chunks' } }),
    storage: opened.storage,
    emit,
    listBackingFiles: () => opened.files?.list() ?? Promise.resolve([]),
    flushThread: () => opened.flushThread?.() ?? null,
    setWriteQuota: (bytes) => opened.files?.setBudget(bytes),
    setMetered: (metered) => networkCost.setOverride(metered),
    discardStaged: (id) => opened.uploads?.discardStaged(id) ?? Promise.resolve(),
    stageBlob: (request) =>
      opened.uploads
        ? writeStagedBlob(stagedBlobWriterDeps, request)
        : Promise.reject(new Error(NO_UPLOAD_STORAGE)),
  });
});

scope.addEventListener('message', (event: MessageEvent<DocumentToWorker>) => {
  const message = event.data;
  if (message.type === 'call') {
    void hostReady
      .then((host) => host.handle(message.message))
      .catch((error: unknown) => ({
        ok: false as const,
        error: { name: 'Error', message: `The engine host could not start: ${String(error)}` },
      }))
      .then((result) => post({ type: 'result', id: message.id, result }));
    return;
  }
  const pending = pendingSaves.get(message.id);
  if (!pending) return;
  pendingSaves.delete(message.id);
  if (message.ok) pending.resolve(message.localPath);
  else pending.reject(new Error(message.message));
});
