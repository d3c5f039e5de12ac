/**
 * The host's side of the boundary (src/shared/engine-host-api.ts): checks each call, runs it on
 * the engine, and answers with a JSON-safe result. The engine starts on the first `init`, with the
 * settings the background read, so that no job runs a moment with the defaults.
 */
import type { JobManager } from '../engine/ports';
import type { Settings } from '../engine/types';
import { errorToPayload } from '../shared/api-messages';
import {
  HOST_NOT_STARTED,
  type EngineHostApi,
  type FlushThread,
  type HostCallResult,
  type HostEvent,
  type StorageMode,
} from '../shared/engine-host-api';
import { parseHostCall } from '../shared/engine-host-schemas';
import { bytesToBase64 } from '../shared/base64-bytes';
import { stagedIdsIn } from '../shared/staged-blob';

function hostNotStarted(): Error {
  const error = new Error('The engine host has not been initialised.');
  error.name = HOST_NOT_STARTED;
  return error;
}

export interface EngineHostDeps {
  /** Creates the engine with these settings; the host starts it. */
  createEngine(settings: Settings): JobManager;
  storage: StorageMode;
  emit(event: HostEvent): void;
  listBackingFiles(): Promise<string[]>;
  flushThread(): FlushThread | null;
  setWriteQuota(bytes: number | null): void;
  /** Tests only: the connection counts as metered (true), unmetered (false), or as the browser says. */
  setMetered?(metered: boolean | null): void;
  /** Drops a staged upload Blob that createJob refused, so that none is left behind. */
  discardStaged(id: string): Promise<void>;
  /** Writes a page's Blob into `staged/<id>` from a `blob:` URL; resolves with the bytes written. */
  stageBlob(request: { url: string; staged: string; size: number }): Promise<number>;
}

export interface EngineHost {
  handle(message: unknown): Promise<HostCallResult>;
}

export function createEngineHost(deps: EngineHostDeps): EngineHost {
  let started: Promise<JobManager> | null = null;
  const engine = (): Promise<JobManager> => {
    if (!started) throw hostNotStarted();
    return started;
  };
  const boot = (settings: Settings): Promise<JobManager> => {
    started ??= (async () => {
      const manager = deps.createEngine(settings);
      manager.subscribe((job, kind) => deps.emit({ type: 'job', kind, job }));
      await manager.start();
      return manager;
    })();
    return started;
  };

  const api: EngineHostApi = {
    async init({ settings }) {
      const manager = await boot(settings);
      manager.updateSettings(settings);
      return { jobs: manager.listJobs('*'), storage: deps.storage };
    },
    async createJob({ owner, init, collectionId }) {
      // A host not yet initialised refuses before anything: the staged Blob stays for the call
      // the background makes again once it has initialised the host.
      const manager = await engine();
      try {
        return await manager.createJob(owner, init, { collectionId });
      } catch (error) {
        const staged = stagedIdsIn(init);
        await Promise.all(staged.map((id) => deps.discardStaged(id).catch(() => undefined)));
        throw error;
      }
    },
    addFiles: async ({ scope, id, files }) => (await engine()).addFiles(scope, id, files),
    resume: async ({ scope, id }) => (await engine()).resume(scope, id),
    suspend: async ({ scope, id }) => (await engine()).suspend(scope, id),
    cancel: async ({ scope, id }) => (await engine()).cancel(scope, id),
    complete: async ({ scope, id }) => (await engine()).complete(scope, id),
    setPriority: async ({ scope, id, priority }) => (await engine()).setPriority(scope, id, priority),
    setFileUrl: async ({ scope, id, fileIndex, url }) =>
      (await engine()).setFileUrl(scope, id, fileIndex as number, url as string),
    reply: async ({ scope, id }) => ({ base64: bytesToBase64(await (await engine()).reply(scope, id)) }),
    async removeJob({ scope, id }) {
      await (await engine()).removeJob(scope, id);
      return null;
    },
    clearFinished: async ({ scope }) => (await engine()).clearFinished(scope),
    async updateSettings({ settings }) {
      (await engine()).updateSettings(settings);
      return null;
    },
    handOff: async ({ scope, id, cookies }) => (await engine()).handOff(scope, id, { cookies }),
    async setSiteAccess({ blocked }) {
      (await engine()).setBlockedOrigins(blocked);
      return null;
    },
    stageBlob: async (request) => ({ bytes: await deps.stageBlob(request) }),
    listBackingFiles: () => deps.listBackingFiles(),
    flushThread: async () => deps.flushThread(),
    async setWriteQuota({ bytes }) {
      deps.setWriteQuota(bytes);
      return null;
    },
    async setMetered({ metered }) {
      deps.setMetered?.(metered);
      return null;
    },
  };

  return {
    async handle(message) {
      const parsed = parseHostCall(message);
      if (!parsed.ok) return { ok: false, error: { name: 'TypeError', message: parsed.message } };
      const { method, input } = parsed.call;
      try {
        const call = api[method] as (input: unknown) => Promise<unknown>;
        return { ok: true, value: (await call(input)) ?? null };
      } catch (error) {
        return { ok: false, error: errorToPayload(error) };
      }
    },
  };
}
