/**
 * The engine as the background sees it: a JobManager whose calls go to the engine host
 * (engine-host-link.ts) and whose reads come from a mirror of every job, filled by the host's
 * snapshot and kept current by its events. So the popup's port, the page API, the badge and the
 * notifications work as they did when the engine ran here, and a stopped service worker loses
 * nothing: the next start asks the host for a fresh snapshot.
 */
import { BitsError } from '../engine/bits-codes';
import type { JobChangeKind, JobChangeListener, JobManager, OwnerScope } from '../engine/ports';
import { DEFAULT_SETTINGS, type JobInfo, type Settings } from '../engine/types';
import {
  HOST_NOT_STARTED,
  type EngineHostApi,
  type HostEvent,
  type HostMethod,
  type StorageMode,
} from '../shared/engine-host-api';
import { isJobInfoLike, parseReplyResult } from '../shared/engine-host-schemas';
import { base64ToBytes } from '../shared/base64-bytes';
import { engineSettings } from '../shared/extension-settings';
import type { HostLink } from './engine-host-link';

export interface RemoteEngine extends JobManager {
  /** A host event, checked by the caller, applied to the mirror and passed to subscribers. */
  deliver(event: HostEvent): void;
  /** Where the host keeps bytes (known after start). */
  storage(): StorageMode;
  /** Whether a job may still need the host (not final, not waiting for the person). */
  needsHost(): boolean;
  /** The host went away (Chrome closed its document): start it again and take a new snapshot. */
  reconnect(): Promise<void>;
  /** Any host call, made as the engine's own are: a host started anew is initialised first. */
  call: HostLink['call'];
}

const inScope = (scope: OwnerScope, job: JobInfo): boolean => scope === '*' || job.owner === scope;
const byNewest = (a: JobInfo, b: JobInfo): number => b.times.created - a.times.created;
/** States in which the host has nothing to do until someone calls it. */
const IDLE_STATES = new Set(['SUSPENDED', 'ERROR', 'TRANSFERRED', 'ACKNOWLEDGED', 'CANCELLED']);

export function createRemoteEngine(
  link: HostLink,
  hooks: {
    onActiveChange(active: boolean): void;
    onWakeAt(at: number | null): void;
    /** Downloads handed to aria2 are followed in the host (or none is). */
    onFollowingChange?(following: boolean): void;
  },
  initialSettings: Settings = DEFAULT_SETTINGS,
): RemoteEngine {
  const jobs = new Map<string, JobInfo>();
  const listeners = new Set<JobChangeListener>();
  // The host accepts the engine's settings only, whatever the caller passes.
  let settings = engineSettings(initialSettings);
  let storage: StorageMode = 'opfs';
  let starting: Promise<void> | null = null;
  /** Sent again with every start: a new host knows nothing of it. */
  let blocked: string[] = [];

  const notify = (job: JobInfo, kind: JobChangeKind): void => {
    for (const listener of listeners) listener(job, kind);
  };
  const apply = (job: JobInfo, kind: JobChangeKind): void => {
    if (kind === 'removed') jobs.delete(job.id);
    else {
      // An event sent before the snapshot this start took may arrive after it: never go back.
      const known = jobs.get(job.id);
      if (known && known.times.modified > job.times.modified) return;
      jobs.set(job.id, job);
    }
    notify(job, kind);
  };
  /** A call's answer is the job as it is now: the mirror takes it too (an event may come later). */
  const answered = (job: JobInfo): JobInfo => {
    if (!isJobInfoLike(job)) throw new Error('The engine host answered with something that is not a job.');
    const known = jobs.get(job.id);
    if (!known || known.times.modified <= job.times.modified) jobs.set(job.id, job);
    return job;
  };
  /**
   * A call to the host. A host started anew since the last snapshot (Chrome closed its idle
   * document, or it crashed) has not had `init`: it gets it, then the call again.
   */
  async function call<M extends HostMethod>(
    method: M,
    input: Parameters<EngineHostApi[M]>[0],
  ): Promise<Awaited<ReturnType<EngineHostApi[M]>>> {
    try {
      return await link.call(method, input);
    } catch (error) {
      if ((error as { name?: unknown }).name !== HOST_NOT_STARTED) throw error;
      await engine.reconnect();
      return link.call(method, input);
    }
  }
  const find = (scope: OwnerScope, id: string): JobInfo => {
    const job = jobs.get(id);
    if (!job || !inScope(scope, job)) throw new BitsError('BG_E_NOT_FOUND', `No job with id ${String(id)}`);
    return job;
  };

  const engine: RemoteEngine = {
    start() {
      starting ??= link.call('init', { settings }).then(
        (snapshot) => {
          jobs.clear();
          for (const job of snapshot.jobs) if (isJobInfoLike(job)) jobs.set(job.id, job);
          storage = snapshot.storage;
          if (blocked.length > 0) void call('setSiteAccess', { blocked }).catch(() => undefined);
        },
        (error: unknown) => {
          starting = null;
          throw error;
        },
      );
      return starting;
    },
    async stop() {},
    createJob: async (owner, init, options) =>
      answered(await call('createJob', { owner, init, collectionId: options?.collectionId ?? null })),
    addFiles: async (scope, id, files) => answered(await call('addFiles', { scope, id, files })),
    resume: async (scope, id) => answered(await call('resume', { scope, id })),
    suspend: async (scope, id) => answered(await call('suspend', { scope, id })),
    cancel: async (scope, id) => answered(await call('cancel', { scope, id })),
    complete: async (scope, id) => answered(await call('complete', { scope, id })),
    setPriority: async (scope, id, priority) => answered(await call('setPriority', { scope, id, priority })),
    setFileUrl: async (scope, id, fileIndex, url) =>
      answered(await call('setFileUrl', { scope, id, fileIndex, url })),
    handOff: async (scope, id, { cookies }) =>
      answered(await call('handOff', { scope, id, cookies: [...cookies] })),
    getJob: (scope, id) => find(scope, id),
    async reply(scope, id) {
      const answer = parseReplyResult(await call('reply', { scope, id }));
      if (!answer) throw new Error('The engine host answered reply with something that is not a reply.');
      return base64ToBytes(answer.base64);
    },
    listJobs: (scope) => [...jobs.values()].filter((job) => inScope(scope, job)).sort(byNewest),
    async removeJob(scope, id) {
      await call('removeJob', { scope, id });
    },
    clearFinished: (scope) => call('clearFinished', { scope }),
    updateSettings(patch) {
      settings = engineSettings({ ...settings, ...patch });
      void call('updateSettings', { settings }).catch(() => undefined);
    },
    getSettings: () => settings,
    setBlockedOrigins(origins) {
      blocked = [...origins];
      void call('setSiteAccess', { blocked }).catch(() => undefined);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    deliver(event) {
      if (event.type === 'job') apply(event.job, event.kind);
      else if (event.type === 'active') hooks.onActiveChange(event.active);
      else if (event.type === 'following') hooks.onFollowingChange?.(event.following);
      else hooks.onWakeAt(event.at);
    },
    storage: () => storage,
    call,
    reconnect() {
      starting = null;
      return engine.start();
    },
    needsHost: () => [...jobs.values()].some((job) => !IDLE_STATES.has(job.state)),
  };
  return engine;
}
