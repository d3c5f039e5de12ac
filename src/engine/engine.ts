/**
 * The job manager: BITS jobs over the store, the scheduler and the per-file transfer.
 * Decisions are made by the pure modules next to this one (job-state, job-validation, scheduler,
 * failure-outcome, job-info); this class keeps the records in memory, persists every change through
 * ports.store, and starts and stops transfers.
 */
import { BitsError } from './bits-codes';
import { outcomeOfFailure, transientDue, transientWakeAt } from './failure-outcome';
import { createHostSlots } from './host-slots';
import { JobEvents } from './job-events';
import { storedBytes, toJobInfo } from './job-info';
import { isRunning, stateAfterMethod } from './job-state';
import {
  checkJobQuota,
  checkWmpFileCount,
  validateFiles,
  validateJobInit,
  validatePriority,
} from './job-validation';
import type {
  EnginePorts,
  EngineTuning,
  FileRecord,
  JobChangeKind,
  JobChangeListener,
  JobManager,
  JobRecord,
  OwnerScope,
  TimerHandle,
} from './ports';
import { planRun, type StopOrder } from './scheduler';
import { createTokenBucket } from './token-bucket';
import { transferFile as realTransferFile } from './file-transfer';
import type { ByteThrottle, HostSlots, TransferEnv, TransferFile } from './transfer-types';
import {
  DEFAULT_SETTINGS,
  isFinal,
  type FileSpec,
  type JobInfo,
  type JobInit,
  type Owner,
  type Priority,
  type Settings,
} from './types';
import { completeJob } from './job-completion';
import { failureOf, normalizeSettings } from './engine-support';

export const DEFAULT_TUNING: EngineTuning = {
  stallTimeoutMs: 30_000,
  connectionRetryDelaysMs: [1000, 2000, 4000],
  timeSliceMs: 60_000,
  chunkBytes: 1024 * 1024,
  minSplitBytes: 1024 * 1024,
  progressIntervalMs: 500,
};

/** Final jobs stay visible this long after their last change. */
export const FINAL_JOB_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;
export const MAX_CONNECTIONS_PER_HOST = 8;

export interface EngineOptions {
  tuning?: Partial<EngineTuning>;
  settings?: Partial<Settings>;
  transferFile?: TransferFile;
}

interface Run {
  controller: AbortController;
  sliceStart: number;
  /** Aborted: the transfer is winding down and the job may not start again until it has. */
  stopping: boolean;
  transferred: boolean;
  done: Promise<void>;
}

export class Engine implements JobManager {
  private readonly jobs = new Map<string, JobRecord>();
  private readonly files = new Map<string, FileRecord[]>();
  /** Bytes received per file (stored or in flight), by job. */
  private readonly bytes = new Map<string, number[]>();
  private readonly runs = new Map<string, Run>();
  private readonly completing = new Map<string, Promise<JobInfo>>();
  private readonly events: JobEvents;
  private readonly tuning: EngineTuning;
  private readonly throttle: ByteThrottle;
  private readonly hosts: HostSlots;
  private readonly transferFile: TransferFile;
  private settings: Settings;
  private nextSeq = 1;
  private starting: Promise<void> | null = null;
  private started = false;
  private stopped = false;
  private writes: Promise<void> = Promise.resolve();
  private wakeTimer: TimerHandle | null = null;
  private wakeTimerAt: number | null = null;
  private reportedWakeAt: number | null = null;
  private active = false;

  constructor(
    private readonly ports: EnginePorts,
    options: EngineOptions = {},
  ) {
    this.tuning = { ...DEFAULT_TUNING, ...options.tuning };
    this.settings = normalizeSettings({ ...DEFAULT_SETTINGS, ...options.settings });
    this.transferFile = options.transferFile ?? realTransferFile;
    this.events = new JobEvents(ports.clock, this.tuning.progressIntervalMs);
    this.throttle = createTokenBucket(ports.clock, ports.timers, bandwidthOf(this.settings));
    this.hosts = createHostSlots(MAX_CONNECTIONS_PER_HOST);
  }

  // ------------------------------------------------------------------------------------------
  // Lifecycle

  start(): Promise<void> {
    this.starting ??= this.load();
    return this.starting;
  }

  private async load(): Promise<void> {
    const { jobs, files, segments } = await this.ports.store.loadAll();
    for (const job of jobs) {
      this.jobs.set(job.id, job);
      this.files.set(job.id, []);
      this.bytes.set(job.id, []);
      this.nextSeq = Math.max(this.nextSeq, job.seq + 1);
    }
    for (const file of files) this.files.get(file.jobId)?.push(file);
    for (const list of this.files.values()) list.sort((a, b) => a.index - b.index);
    for (const segment of segments) {
      const list = this.bytes.get(segment.jobId);
      if (list) list[segment.fileIndex] = (list[segment.fileIndex] ?? 0) + storedBytes([segment]);
    }
    this.started = true;
    for (const job of jobs) {
      // The process died while the job ran: it waits for a slot again, its bytes kept.
      if (isRunning(job.state)) void this.quietly(this.change(job, { state: 'QUEUED' }));
      else if (job.state === 'TRANSFERRED' && job.error === null && this.completesItself(job)) {
        void this.complete('*', job.id).catch(() => undefined);
      }
    }
    this.tick();
  }

  /** Runs what is due now (retries, expired final jobs, slices): the host's alarm calls it. */
  async wake(): Promise<void> {
    await this.start();
    this.tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.clearWakeTimer();
    const runs = [...this.runs.entries()];
    for (const [id] of runs) {
      const job = this.jobs.get(id);
      this.abortRun(id, 'The extension is stopping');
      if (job && isRunning(job.state)) void this.quietly(this.change(job, { state: 'QUEUED' }));
    }
    await Promise.all(runs.map(([, run]) => run.done));
    await this.writes;
    this.updateActive();
  }

  // ------------------------------------------------------------------------------------------
  // JobManager methods

  async createJob(
    owner: Owner,
    init: JobInit,
    options: { collectionId?: number | null } = {},
  ): Promise<JobInfo> {
    await this.start();
    const valid = validateJobInit(owner, init, this.settings);
    checkJobQuota(
      owner,
      [...this.jobs.values()].filter((j) => j.owner === owner && !isFinal(j.state)).length,
    );
    const now = this.now();
    const id = this.ports.random.uuid();
    const job: JobRecord = {
      id,
      owner,
      type: 'download',
      displayName: valid.displayName,
      description: valid.description,
      priority: valid.priority,
      state: 'SUSPENDED',
      error: null,
      minimumRetryDelay: valid.minimumRetryDelay,
      noProgressTimeout: valid.noProgressTimeout,
      autoComplete: valid.autoComplete,
      created: now,
      modified: now,
      transferCompleted: null,
      wmp: valid.wmp,
      collectionId: valid.wmp ? valid.wmp.serviceId : (options.collectionId ?? null),
      headers: valid.headers,
      fileCount: valid.files.length,
      seq: this.nextSeq++,
      queuedAt: now,
      firstTransientErrorAt: null,
      retryAt: null,
    };
    const files = valid.files.map((f, index) => newFileRecord(id, index, f));
    // In the cache before the write, so a concurrent createJob counts it against the quota.
    this.jobs.set(id, job);
    this.files.set(id, files);
    this.bytes.set(
      id,
      files.map(() => 0),
    );
    try {
      await this.write(() => this.ports.store.putJobAndFiles(structuredClone(job), structuredClone(files)));
    } catch (err) {
      this.jobs.delete(id);
      this.files.delete(id);
      this.bytes.delete(id);
      throw err;
    }
    this.emit(id, 'created');
    return this.info(id);
  }

  async addFiles(scope: OwnerScope, id: string, specs: FileSpec[]): Promise<JobInfo> {
    await this.start();
    const job = this.find(scope, id);
    const valid = validateFiles(specs, job.fileCount);
    checkWmpFileCount(job.wmp, job.fileCount + valid.length);
    const state = stateAfterMethod(job.state, 'addFiles', { fileCount: job.fileCount + valid.length });
    const added = valid.map((f, i) => newFileRecord(id, job.fileCount + i, f));
    this.files.get(id)?.push(...added);
    this.bytes.get(id)?.push(...added.map(() => 0));
    const now = this.now();
    Object.assign(job, { fileCount: job.fileCount + added.length, state, modified: now });
    if (state === 'QUEUED') Object.assign(job, { queuedAt: now, transferCompleted: null, error: null });
    await this.write(() => this.ports.store.putJobAndFiles(structuredClone(job), structuredClone(added)));
    this.emit(id, 'state');
    this.schedule();
    return this.info(id);
  }

  async resume(scope: OwnerScope, id: string): Promise<JobInfo> {
    await this.start();
    const job = this.find(scope, id);
    const state = stateAfterMethod(job.state, 'resume', { fileCount: job.fileCount });
    if (state !== job.state) {
      // An explicit retry: the error is cleared and the no-progress window starts afresh.
      await this.change(job, {
        state,
        error: null,
        retryAt: null,
        firstTransientErrorAt: null,
        queuedAt: this.now(),
      });
    }
    this.schedule();
    return this.info(id);
  }

  async suspend(scope: OwnerScope, id: string): Promise<JobInfo> {
    await this.start();
    const job = this.find(scope, id);
    const state = stateAfterMethod(job.state, 'suspend', { fileCount: job.fileCount });
    this.abortRun(id, 'The job was suspended');
    await this.change(job, { state, error: null, retryAt: null });
    this.schedule();
    return this.info(id);
  }

  async cancel(scope: OwnerScope, id: string): Promise<JobInfo> {
    await this.start();
    const job = this.find(scope, id);
    const state = stateAfterMethod(job.state, 'cancel', { fileCount: job.fileCount });
    const run = this.abortRun(id, 'The job was cancelled');
    await this.change(job, { state, error: null, retryAt: null });
    this.schedule();
    // Wait until the transfer stopped writing, so no chunk outlives the deletion.
    await run?.done;
    for (const file of this.files.get(id) ?? []) {
      await this.write(() => this.ports.store.deleteFileData(id, file.index));
    }
    this.bytes.set(
      id,
      (this.files.get(id) ?? []).map(() => 0),
    );
    return this.info(id);
  }

  complete(scope: OwnerScope, id: string): Promise<JobInfo> {
    const pending = this.completing.get(id);
    // Saving already: the second caller waits for the same outcome (if the job is theirs).
    if (pending)
      return Promise.resolve()
        .then(() => this.find(scope, id))
        .then(() => pending);
    const work = this.start().then(async () => {
      const job = this.find(scope, id);
      stateAfterMethod(job.state, 'complete', { fileCount: job.fileCount });
      const run = this.abortRun(id, 'The job is being completed');
      await run?.done;
      await completeJob(job, {
        store: this.ports.store,
        saver: this.ports.saver,
        settings: () => this.settings,
        write: (fn) => this.write(fn),
        change: (patch) => this.change(job, patch),
        filesChanged: (files) => {
          this.files.set(id, files);
          this.emit(id, 'state');
        },
        dropped: (fileIndex) => {
          const bytes = this.bytes.get(id);
          if (bytes) bytes[fileIndex] = 0;
        },
      });
      return this.info(id);
    });
    const tracked = work.finally(() => {
      this.completing.delete(id);
      this.schedule();
    });
    this.completing.set(id, tracked);
    return tracked;
  }

  async setPriority(scope: OwnerScope, id: string, priority: Priority): Promise<JobInfo> {
    await this.start();
    const job = this.find(scope, id);
    const valid = validatePriority(priority);
    stateAfterMethod(job.state, 'setPriority', { fileCount: job.fileCount });
    if (valid !== job.priority) await this.change(job, { priority: valid });
    this.schedule();
    return this.info(id);
  }

  getJob(scope: OwnerScope, id: string): JobInfo {
    return this.info(this.find(scope, id).id);
  }

  listJobs(scope: OwnerScope): JobInfo[] {
    return [...this.jobs.values()]
      .filter((j) => inScope(scope, j))
      .sort((a, b) => b.created - a.created || b.seq - a.seq)
      .map((j) => this.info(j.id));
  }

  async removeJob(scope: OwnerScope, id: string): Promise<void> {
    await this.start();
    const job = this.find(scope, id);
    if (!isFinal(job.state)) {
      throw new BitsError(
        'BG_E_INVALID_STATE',
        `remove: the job is ${job.state}; cancel or complete it first`,
      );
    }
    await this.forget(job);
  }

  async clearFinished(scope: OwnerScope): Promise<number> {
    await this.start();
    const finished = [...this.jobs.values()].filter((j) => inScope(scope, j) && isFinal(j.state));
    for (const job of finished) await this.forget(job);
    return finished.length;
  }

  updateSettings(settings: Partial<Settings>): void {
    this.settings = normalizeSettings({ ...this.settings, ...settings });
    this.throttle.setRate(bandwidthOf(this.settings));
    this.schedule();
  }

  getSettings(): Settings {
    return { ...this.settings };
  }

  subscribe(listener: JobChangeListener): () => void {
    return this.events.subscribe(listener);
  }

  // ------------------------------------------------------------------------------------------
  // Running jobs

  /** Re-evaluates what is due now, then re-plans. */
  private tick(): void {
    if (!this.started || this.stopped) return;
    const now = this.now();
    for (const job of [...this.jobs.values()]) {
      if (isFinal(job.state) && now - job.modified >= FINAL_JOB_RETENTION_MS) {
        void this.quietly(this.forget(job));
      } else if (job.state === 'TRANSIENT_ERROR') {
        const due = transientDue(job, now);
        if (due === 'retry')
          void this.quietly(this.change(job, { state: 'QUEUED', retryAt: null, queuedAt: now }));
        // The retry window closed while waiting: ERROR, keeping the last error.
        if (due === 'give-up') void this.quietly(this.change(job, { state: 'ERROR', retryAt: null }));
      }
    }
    this.schedule();
  }

  private schedule(): void {
    if (!this.started || this.stopped) return;
    const now = this.now();
    const candidates = [...this.jobs.values()].filter(
      (j) => !this.completing.has(j.id) && !this.runs.get(j.id)?.stopping,
    );
    const running = new Map<string, number>();
    for (const [id, run] of this.runs) if (!run.stopping) running.set(id, run.sliceStart);
    const plan = planRun(candidates, running, this.settings, now, this.tuning);
    for (const order of plan.stop) this.yieldRun(order);
    for (const id of plan.start) this.startRun(id);
    this.armWake(plan.nextCheckAt);
    this.updateActive();
  }

  private startRun(id: string): void {
    const job = this.jobs.get(id);
    if (!job) return;
    const run: Run = {
      controller: new AbortController(),
      sliceStart: this.now(),
      stopping: false,
      transferred: false,
      done: Promise.resolve(),
    };
    this.runs.set(id, run);
    void this.quietly(this.change(job, { state: 'CONNECTING' }));
    run.done = this.runJob(job, run)
      .catch(() => undefined)
      .finally(() => {
        if (this.runs.get(id) === run) this.runs.delete(id);
        if (run.transferred && !run.stopping && this.completesItself(job)) {
          void this.complete('*', id).catch(() => undefined);
        }
        this.schedule();
      });
  }

  private async runJob(job: JobRecord, run: Run): Promise<void> {
    const { signal } = run.controller;
    let current: FileRecord | undefined;
    try {
      for (;;) {
        // Fresh records: an earlier attempt may have stored probe results.
        const files = await this.ports.store.getFiles(job.id);
        if (signal.aborted) return;
        this.files.set(job.id, files);
        const next = files.find((f) => !f.completed);
        if (!next) break;
        current = next;
        const result = await this.transferFile(this.transferEnv(job), {
          job: { id: job.id, headers: job.headers },
          file: next,
          signal,
          onProgress: (received, total) => this.onProgress(job, run, next, received, total),
          onTransferring: () => {
            if (!run.stopping && job.state === 'CONNECTING')
              void this.quietly(this.change(job, { state: 'TRANSFERRING' }));
          },
        });
        this.replaceFile(result);
        if (signal.aborted) return;
      }
      if (signal.aborted) return;
      run.transferred = true;
      await this.change(job, {
        state: 'TRANSFERRED',
        transferCompleted: this.now(),
        error: null,
        retryAt: null,
        firstTransientErrorAt: null,
      });
    } catch (err) {
      if (signal.aborted) return;
      await this.change(
        job,
        outcomeOfFailure(job, failureOf(err, { id: job.id, currentFile: current }), this.now()),
      );
    }
  }

  private onProgress(
    job: JobRecord,
    run: Run,
    file: FileRecord,
    received: number,
    total: number | null,
  ): void {
    if (run.stopping) return;
    const bytes = this.bytes.get(job.id) ?? [];
    this.bytes.set(job.id, bytes);
    // Bytes arrived: the no-progress window closes (persisted with the next change).
    if (received > (bytes[file.index] ?? 0)) job.firstTransientErrorAt = null;
    bytes[file.index] = received;
    const cached = this.files.get(job.id)?.find((f) => f.index === file.index);
    if (cached && total !== null) cached.bytesTotal = total;
    this.emit(job.id, 'progress');
  }

  private replaceFile(file: FileRecord): void {
    const list = this.files.get(file.jobId) ?? [];
    const at = list.findIndex((f) => f.index === file.index);
    if (at >= 0) list[at] = file;
    const bytes = this.bytes.get(file.jobId);
    if (bytes && file.bytesTotal !== null) bytes[file.index] = file.bytesTotal;
  }

  private yieldRun(order: StopOrder): void {
    const job = this.jobs.get(order.id);
    if (!job) return;
    this.abortRun(
      order.id,
      order.reason === 'preempted' ? 'A higher priority job runs' : 'The time slice ended',
    );
    // A pre-empted job keeps its place in line; one whose turn ended goes to the back.
    const queuedAt = order.reason === 'slice-over' ? this.now() : job.queuedAt;
    void this.quietly(this.change(job, { state: 'QUEUED', queuedAt }));
  }

  private abortRun(id: string, reason: string): Run | undefined {
    const run = this.runs.get(id);
    if (run && !run.stopping) {
      run.stopping = true;
      run.controller.abort(new DOMException(reason, 'AbortError'));
    }
    return run;
  }

  private transferEnv(job: JobRecord): TransferEnv {
    const { fetch, clock, timers, store } = this.ports;
    return {
      ports: { fetch, clock, timers, store },
      tuning: this.tuning,
      connectionsPerFile: () => this.settings.connectionsPerFile,
      throttle: job.priority === 'foreground' ? null : this.throttle,
      hosts: this.hosts,
    };
  }

  private completesItself(job: JobRecord): boolean {
    if (job.wmp) return job.wmp.kind === 'job';
    return job.autoComplete;
  }

  // ------------------------------------------------------------------------------------------
  // Timers and host hooks

  private armWake(sliceCheckAt: number | null): void {
    const now = this.now();
    let due = sliceCheckAt;
    for (const job of this.jobs.values()) {
      if (job.state !== 'TRANSIENT_ERROR') continue;
      const at = transientWakeAt(job, now);
      due = due === null ? at : Math.min(due, at);
    }
    if (due !== this.wakeTimerAt) {
      this.clearWakeTimer();
      if (due !== null) {
        this.wakeTimerAt = due;
        this.wakeTimer = this.ports.timers.setTimeout(
          () => {
            this.wakeTimer = null;
            this.wakeTimerAt = null;
            this.tick();
          },
          Math.max(0, due - now),
        );
      }
    }
    if (due !== this.reportedWakeAt) {
      this.reportedWakeAt = due;
      this.ports.onWakeAt?.(due);
    }
  }

  private clearWakeTimer(): void {
    if (this.wakeTimer !== null) this.ports.timers.clearTimeout(this.wakeTimer);
    this.wakeTimer = null;
    this.wakeTimerAt = null;
  }

  private updateActive(): void {
    const active = this.runs.size > 0;
    if (active === this.active) return;
    this.active = active;
    this.ports.onActiveChange?.(active);
  }

  // ------------------------------------------------------------------------------------------
  // Records

  private find(scope: OwnerScope, id: string): JobRecord {
    const job = this.jobs.get(id);
    if (!job || !inScope(scope, job)) throw new BitsError('BG_E_NOT_FOUND', `No job with id ${String(id)}`);
    return job;
  }

  private info(id: string): JobInfo {
    const job = this.jobs.get(id);
    if (!job) throw new BitsError('BG_E_NOT_FOUND', `No job with id ${id}`);
    return toJobInfo(job, this.files.get(id) ?? [], this.bytes.get(id) ?? []);
  }

  private emit(id: string, kind: JobChangeKind): void {
    this.events.emit(id, kind, () => this.info(id));
  }

  /** Applies a change in memory at once (and tells subscribers), then persists it in order. */
  private change(job: JobRecord, patch: Partial<JobRecord>): Promise<void> {
    Object.assign(job, patch, { modified: this.now() });
    const snapshot = structuredClone(job);
    const written = this.write(() => this.ports.store.putJob(snapshot));
    if (this.jobs.get(job.id) === job) this.emit(job.id, 'state');
    return written;
  }

  /** Store writes go one after another, in the order the changes were made. */
  private write(fn: () => Promise<void>): Promise<void> {
    const written = this.writes.then(fn);
    this.writes = written.catch(() => undefined);
    return written;
  }

  private async forget(job: JobRecord): Promise<void> {
    if (this.jobs.get(job.id) !== job) return;
    const last = this.info(job.id);
    this.jobs.delete(job.id);
    this.files.delete(job.id);
    this.bytes.delete(job.id);
    await this.write(() => this.ports.store.deleteJob(job.id));
    this.events.emit(job.id, 'removed', () => last);
  }

  /** For writes nobody waits on: a failed store write must not become an unhandled rejection. */
  private quietly(work: Promise<void>): Promise<void> {
    return work.catch(() => undefined);
  }

  private now(): number {
    return this.ports.clock.now();
  }
}

export function createEngine(ports: EnginePorts, options: EngineOptions = {}): Engine {
  return new Engine(ports, options);
}

const inScope = (scope: OwnerScope, job: JobRecord): boolean => scope === '*' || job.owner === scope;

const bandwidthOf = (settings: Settings): number | null =>
  settings.backgroundBandwidthLimit === null ? null : settings.backgroundBandwidthLimit * 1024;

function newFileRecord(
  jobId: string,
  index: number,
  spec: { url: string; name: string | null; sha256: string | null },
): FileRecord {
  return {
    jobId,
    index,
    url: spec.url,
    name: spec.name,
    sha256: spec.sha256,
    bytesTotal: null,
    completed: false,
    localPath: null,
    finalUrl: null,
    etag: null,
    lastModified: null,
    contentType: null,
    contentDisposition: null,
    resumable: null,
  };
}
