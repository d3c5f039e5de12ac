/**
 * The job manager: BITS jobs over the store, the scheduler and the per-file transfer.
 * Decisions are made by the pure modules next to this one (job-state, job-validation, scheduler,
 * failure-outcome, job-info); this class starts and stops transfers and applies the decisions to
 * the records (job-records.ts), which persist and announce every change.
 */
import { BitsError } from '../bits-codes';
import {
  bandwidthOf,
  completesItself,
  newFileRecord,
  newJobRecord,
  normalizeSettings,
} from './engine-support';
import { transientDue, transientWakeAt } from './failure-outcome';
import { transferFile as realTransferFile } from '../transfer/file-transfer';
import { DEFAULT_TUNING, FINAL_JOB_RETENTION_MS, MAX_CONNECTIONS_PER_HOST } from './engine-tuning';
import { createHostSlots } from '../transfer/host-slots';
import { completeJob } from './job-completion';
import { JobEvents } from './job-events';
import { inScope, JobRecords } from './job-records';
import { JobRunner, quietly, type Run } from './job-runner';
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
  JobChangeListener,
  JobManager,
  JobRecord,
  OwnerScope,
} from '../ports';
import { planRun, type StopOrder } from './scheduler';
import { createTokenBucket } from '../transfer/token-bucket';
import type { ByteThrottle, TransferFile } from '../transfer/transfer-types';
import {
  DEFAULT_SETTINGS,
  isFinal,
  type FileSpec,
  type JobInfo,
  type JobInit,
  type Owner,
  type Priority,
  type Settings,
  isUploadType,
} from '../types';
import { WakeTimer } from './wake-timer';
import { SiteAccessGate } from './site-access-gate';
import { CostPolicyGate } from './cost-policy-gate';
import { setFileUrl } from './set-file-url';
import { Aria2Jobs } from './aria2-jobs';
import { checkHandOff } from './aria2-hand-off-check';
import { cancelUpload, completeUpload, type UploadEndDeps } from './upload-completion';
import { insertUploadJob, replyOf } from './upload-jobs';
import type { HostSlots } from '../transfer/transfer-types';

export interface EngineOptions {
  tuning?: Partial<EngineTuning>;
  settings?: Partial<Settings>;
  transferFile?: TransferFile;
}

export class Engine implements JobManager {
  private readonly records: JobRecords;
  private readonly runner: JobRunner;
  private readonly completing = new Map<string, Promise<JobInfo>>();
  private readonly tuning: EngineTuning;
  private readonly throttle: ByteThrottle;
  private readonly wakeTimer: WakeTimer;
  private settings: Settings;
  private readonly siteAccess: SiteAccessGate;
  private readonly costPolicy: CostPolicyGate;
  private unwatchCost: () => void = () => undefined;
  /** Jobs handed to aria2: they never take a transfer slot (aria2-jobs.ts). */
  private readonly aria2: Aria2Jobs;
  private readonly handingOff = new Set<string>();
  private readonly hosts: HostSlots;
  private nextSeq = 1;
  private starting: Promise<void> | null = null;
  private started = false;
  private stopped = false;
  private active = false;

  constructor(
    private readonly ports: EnginePorts,
    options: EngineOptions = {},
  ) {
    this.tuning = { ...DEFAULT_TUNING, ...options.tuning };
    this.settings = normalizeSettings({ ...DEFAULT_SETTINGS, ...options.settings });
    this.records = new JobRecords(
      ports.store,
      ports.clock,
      new JobEvents(ports.clock, ports.timers, this.tuning.progressIntervalMs),
    );
    this.throttle = createTokenBucket(ports.clock, ports.timers, bandwidthOf(this.settings));
    this.hosts = createHostSlots(MAX_CONNECTIONS_PER_HOST);
    this.runner = new JobRunner({
      ports,
      records: this.records,
      tuning: this.tuning,
      settings: () => this.settings,
      throttle: this.throttle,
      hosts: this.hosts,
      links: new Map(),
      transferFile: options.transferFile ?? realTransferFile,
      onSettled: (job, run) => this.runSettled(job, run),
    });
    this.siteAccess = new SiteAccessGate(this.records, this.runner, (id) => this.resume('*', id));
    this.costPolicy = new CostPolicyGate(this.records, this.runner, ports.network, () => this.settings);
    this.aria2 = new Aria2Jobs({
      ports,
      records: this.records,
      settings: () => this.settings,
      pollMs: this.tuning.aria2PollMs,
      changed: () => this.schedule(),
    });
    this.wakeTimer = new WakeTimer(ports.clock, ports.timers, () => this.tick(), ports.onWakeAt?.bind(ports));
  }

  // ------------------------------------------------------------------------------------------
  // Lifecycle

  /** Loads the store once and recovers; every other method waits for it. */
  start(): Promise<void> {
    this.starting ??= this.load();
    return this.starting;
  }

  private async load(): Promise<void> {
    const loaded = await this.ports.store.loadAll();
    this.records.load(loaded);
    this.nextSeq = Math.max(1, ...loaded.jobs.map((j) => j.seq + 1));
    this.started = true;
    this.unwatchCost = this.costPolicy.watch(() => this.schedule());
    for (const job of this.records.all()) {
      // The process died while the job ran: it waits for a slot again, its bytes kept.
      if (isRunning(job.state) && job.aria2 === null) quietly(this.records.transition(job, 'recover'));
      // It died while saving: save again.
      else if (job.state === 'TRANSFERRED' && job.error === null && completesItself(job)) {
        quietly(this.complete('*', job.id));
      }
      // It died between a final state and dropping the upload's stored copy.
      else if (job.upload && isFinal(job.state)) quietly(this.ports.uploads?.deleteData(job.id) ?? null);
    }
    this.aria2.start();
    this.tick();
  }

  /** Runs what is due now (retries, expired final jobs): the host's alarm calls it. */
  async wake(): Promise<void> {
    await this.start();
    this.tick();
  }

  async stop(): Promise<void> {
    await this.start();
    this.stopped = true;
    this.unwatchCost();
    this.wakeTimer.clear();
    this.aria2.stop();
    const runs = this.runner.all();
    // aria2 keeps its downloads going: their jobs stay as they are.
    for (const job of this.records.all().filter((j) => j.aria2 === null)) {
      this.runner.abort(job.id, 'The extension is stopping');
      quietly(this.records.transition(job, 'yield'));
    }
    await Promise.all(runs.map((run) => run.done));
    await this.records.flush();
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
    checkJobQuota(owner, this.records.all().filter((j) => j.owner === owner && !isFinal(j.state)).length);
    const id = this.ports.random.uuid();
    const fields = {
      id,
      owner,
      seq: this.nextSeq++,
      now: this.now(),
      collectionId: options.collectionId ?? null,
    };
    const job = newJobRecord(fields, valid);
    if (valid.upload) {
      await insertUploadJob(this.records, this.ports.uploads, job, valid.upload);
      return this.records.info(id);
    }
    await this.records.insert(
      job,
      valid.files.map((f, index) => newFileRecord(id, index, f)),
    );
    return this.records.info(id);
  }

  async addFiles(scope: OwnerScope, id: string, specs: FileSpec[]): Promise<JobInfo> {
    await this.start();
    const job = this.records.find(scope, id);
    if (job.aria2) throw new BitsError('BG_E_INVALID_STATE', 'addFiles: the job is in aria2');
    if (isUploadType(job.type)) {
      throw new BitsError('BG_E_TOO_MANY_FILES', 'files: an upload job has exactly one file');
    }
    const valid = validateFiles(specs, job.fileCount);
    checkWmpFileCount(job.wmp, job.fileCount + valid.length);
    const state = stateAfterMethod(job.state, 'addFiles', { fileCount: job.fileCount + valid.length });
    const added = valid.map((f, i) => newFileRecord(id, job.fileCount + i, f));
    const requeue = state === 'QUEUED' && job.state !== 'QUEUED';
    await this.records.appendFiles(
      job,
      added,
      requeue ? { state, queuedAt: this.now(), transferCompleted: null, error: null } : { state },
    );
    this.schedule();
    return this.records.info(id);
  }

  async resume(scope: OwnerScope, id: string): Promise<JobInfo> {
    await this.start();
    const job = this.records.find(scope, id);
    const state = stateAfterMethod(job.state, 'resume', { fileCount: job.fileCount });
    if (job.aria2) await this.aria2.resume(job, job.aria2);
    if (state !== job.state) {
      // An explicit retry: the error is cleared and the no-progress window starts afresh.
      const patch = { state, error: null, retryAt: null, firstTransientErrorAt: null, queuedAt: this.now() };
      await this.records.change(job, patch);
    }
    if (job.aria2) this.aria2.kick();
    this.schedule();
    return this.records.info(id);
  }

  async suspend(scope: OwnerScope, id: string): Promise<JobInfo> {
    await this.start();
    const job = this.records.find(scope, id);
    const state = stateAfterMethod(job.state, 'suspend', { fileCount: job.fileCount });
    if (job.aria2) await this.aria2.suspend(job, job.aria2);
    this.runner.abort(id, 'The job was suspended');
    await this.records.change(job, { state, error: null, retryAt: null });
    this.schedule();
    return this.records.info(id);
  }

  async cancel(scope: OwnerScope, id: string): Promise<JobInfo> {
    await this.start();
    const job = this.records.find(scope, id);
    const state = stateAfterMethod(job.state, 'cancel', { fileCount: job.fileCount });
    if (job.aria2) await this.aria2.cancel(job, job.aria2);
    const run = this.runner.abort(id, 'The job was cancelled');
    await this.records.change(job, { state, error: null, retryAt: null });
    this.schedule();
    // Wait until the transfer stopped writing, so that no chunk outlives the deletion.
    await run?.done;
    if (isUploadType(job.type)) {
      await cancelUpload(job, this.uploadEndDeps());
      return this.records.info(id);
    }
    for (const file of this.records.filesOf(id)) {
      await this.records.write(() => this.ports.store.deleteFileData(id, file.index));
      if (!file.completed) this.records.setBytes(id, file.index, 0);
    }
    return this.records.info(id);
  }

  complete(scope: OwnerScope, id: string): Promise<JobInfo> {
    const pending = this.completing.get(id);
    // Saving already: a second caller waits for the same outcome (if the job is theirs).
    if (pending) {
      return Promise.resolve().then(() => {
        this.records.find(scope, id);
        return pending;
      });
    }
    const work = this.start().then(async () => {
      const job = this.records.find(scope, id);
      stateAfterMethod(job.state, 'complete', { fileCount: job.fileCount });
      if (job.aria2) throw new BitsError('BG_E_INVALID_STATE', 'complete: aria2 saves this file itself');
      await this.runner.abort(id, 'The job is being completed')?.done;
      if (isUploadType(job.type)) {
        await completeUpload(job, this.uploadEndDeps());
        return this.records.info(id);
      }
      await completeJob(job, {
        store: this.ports.store,
        saver: this.ports.saver,
        savesAtOnce: this.tuning.savesAtOnce,
        settings: () => this.settings,
        write: (fn) => this.records.write(fn),
        change: (patch) => this.records.change(job, patch),
        filesChanged: (files) => {
          this.records.setFiles(id, files);
          // A saved file's path is news like progress: at most every progressIntervalMs, so a job
          // of many small files does not send its whole file list once per file. The job's next
          // state change (ACKNOWLEDGED, or the failure) carries every path at once.
          this.records.emit(id, 'progress');
        },
        dropped: (fileIndex) => this.records.setBytes(id, fileIndex, 0),
      });
      return this.records.info(id);
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
    const job = this.records.find(scope, id);
    const valid = validatePriority(priority);
    stateAfterMethod(job.state, 'setPriority', { fileCount: job.fileCount });
    if (valid !== job.priority) await this.records.change(job, { priority: valid });
    this.schedule();
    return this.records.info(id);
  }

  async setFileUrl(scope: OwnerScope, id: string, fileIndex: number, url: string): Promise<JobInfo> {
    await this.start();
    const job = this.records.find(scope, id);
    await setFileUrl(
      { records: this.records, runner: this.runner, store: this.ports.store },
      job,
      fileIndex,
      url,
    );
    this.schedule();
    return this.records.info(id);
  }

  getJob(scope: OwnerScope, id: string): JobInfo {
    return this.records.info(this.records.find(scope, id).id);
  }

  async reply(scope: OwnerScope, id: string): Promise<Uint8Array> {
    await this.start();
    return replyOf(this.records.find(scope, id), this.ports.uploads);
  }

  listJobs(scope: OwnerScope): JobInfo[] {
    return this.records.list(scope);
  }

  async removeJob(scope: OwnerScope, id: string): Promise<void> {
    await this.start();
    const job = this.records.find(scope, id);
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
    const finished = this.records.all().filter((j) => inScope(scope, j) && isFinal(j.state));
    for (const job of finished) await this.forget(job);
    return finished.length;
  }

  updateSettings(settings: Partial<Settings>): void {
    this.settings = normalizeSettings({ ...this.settings, ...settings });
    this.throttle.setRate(bandwidthOf(this.settings));
    this.aria2.configure();
    this.schedule();
  }

  getSettings(): Settings {
    return { ...this.settings };
  }

  setBlockedOrigins(origins: readonly string[]): void {
    this.siteAccess.setBlocked(origins, this.started && !this.stopped);
    this.schedule();
  }

  async handOff(scope: OwnerScope, id: string, { cookies }: { cookies: ReadonlyArray<string | null> }) {
    await this.start();
    const job = this.records.find(scope, id);
    checkHandOff(job);
    // A second click while the first addUri is on its way must not make a second download.
    if (this.handingOff.has(id)) throw new BitsError('BG_E_INVALID_STATE', 'handOff: already on its way');
    this.handingOff.add(id);
    try {
      // Its transfer stops first, so that no byte is written after the data is dropped.
      const run = this.runner.abort(id, 'The job is handed to aria2');
      await run?.done;
      try {
        await this.aria2.handOff(job, cookies[0] ?? null);
      } catch (error) {
        // Not handed off: the job carries on in the browser.
        if (run) quietly(this.records.transition(job, 'yield'));
        throw error;
      }
    } finally {
      this.handingOff.delete(id);
      this.schedule();
    }
    return this.records.info(id);
  }

  subscribe(listener: JobChangeListener): () => void {
    return this.records.events.subscribe(listener);
  }

  // ------------------------------------------------------------------------------------------
  // Running jobs

  /** Re-evaluates what is due now (retries, retry windows, retention), then re-plans. */
  private tick(): void {
    if (!this.started || this.stopped) return;
    const now = this.now();
    for (const job of this.records.all()) {
      if (isFinal(job.state) && now - job.modified >= FINAL_JOB_RETENTION_MS) {
        quietly(this.forget(job));
      } else if (job.state === 'TRANSIENT_ERROR') {
        const due = transientDue(job, now);
        if (due === 'retry')
          quietly(this.records.transition(job, 'retry-due', { retryAt: null, queuedAt: now }));
        // The retry window closed while waiting: ERROR, keeping the last error.
        if (due === 'give-up')
          quietly(this.records.transition(job, 'no-progress-timeout', { retryAt: null }));
      }
    }
    this.aria2.kick();
    this.schedule();
  }

  private schedule(): void {
    if (!this.started || this.stopped) return;
    const now = this.now();
    const held = this.costPolicy.review();
    const candidates = this.records
      .all()
      .filter(
        (j) =>
          j.aria2 === null &&
          !this.handingOff.has(j.id) &&
          !this.completing.has(j.id) &&
          !this.runner.isWindingDown(j.id) &&
          !held.has(j.id),
      );
    const plan = planRun(candidates, this.runner.running(), this.settings, now, this.tuning);
    for (const order of plan.stop) this.yieldRun(order);
    for (const id of plan.start) {
      const job = this.records.get(id);
      if (job && !this.siteAccess.stopIfBlocked(job)) this.runner.start(job);
    }

    let due = plan.nextCheckAt;
    for (const job of this.records.all()) {
      if (job.state === 'TRANSIENT_ERROR') due = Math.min(due ?? Infinity, transientWakeAt(job, now));
    }
    this.wakeTimer.arm(due);
    this.updateActive();
  }

  private yieldRun(order: StopOrder): void {
    const job = this.records.get(order.id);
    if (!job) return;
    this.runner.abort(
      order.id,
      order.reason === 'preempted' ? 'A higher priority job runs' : 'The time slice ended',
    );
    // A pre-empted job keeps its place in line; one whose turn ended goes to the back.
    const queuedAt = order.reason === 'slice-over' ? this.now() : job.queuedAt;
    quietly(this.records.transition(job, 'yield', { queuedAt }));
  }

  private runSettled(job: JobRecord, run: Run): void {
    if (run.transferred && !run.stopping && completesItself(job)) quietly(this.complete('*', job.id));
    this.schedule();
  }

  /** Forgets a final job, with an upload's reply. */
  private async forget(job: JobRecord): Promise<void> {
    await this.records.forget(job);
    if (job.upload) await this.ports.uploads?.deleteAll(job.id);
  }

  private uploadEndDeps(): UploadEndDeps {
    const { fetch, clock, timers, store } = this.ports;
    return {
      env: { ports: { fetch, clock, timers, store }, tuning: this.tuning, hosts: this.hosts },
      records: this.records,
      uploads: this.ports.uploads,
      now: () => this.now(),
    };
  }

  private updateActive(): void {
    const active = this.runner.size > 0;
    if (active === this.active) return;
    this.active = active;
    this.ports.onActiveChange?.(active);
  }

  private now(): number {
    return this.ports.clock.now();
  }
}

export function createEngine(ports: EnginePorts, options: EngineOptions = {}): Engine {
  return new Engine(ports, options);
}
