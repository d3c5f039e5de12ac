/**
 * The job manager: BITS jobs over the store, the scheduler and the per-file transfer. This class
 * is the facade that loads, recovers and stops, and routes each JobManager method to the module
 * of its concept: job-controls.ts (add files, resume, suspend, cancel, priority), job-saving.ts
 * (complete), set-file-url.ts, upload-jobs.ts, aria2-hand-offs.ts, scheduling-loop.ts (when jobs
 * run). Decisions are made by the pure modules beside them (job-state, job-validation, scheduler,
 * failure-outcome, job-info); the records (job-records.ts) persist and announce every change.
 */
import { BitsError } from '../bits-codes';
import {
  bandwidthOf,
  completesItself,
  newFileRecord,
  newJobRecord,
  normalizeSettings,
} from './engine-support';
import { transferFile as realTransferFile } from '../transfer/file-transfer';
import { DEFAULT_TUNING, MAX_CONNECTIONS_PER_HOST } from './engine-tuning';
import { createHostSlots } from '../transfer/host-slots';
import { JobEvents } from './job-events';
import { inScope, JobRecords } from './job-records';
import { JobRunner, quietly, type Run } from './job-runner';
import { recoverJobs } from './recover-jobs';
import { checkJobQuota, validateJobInit } from './job-validation';
import type {
  EnginePorts,
  EngineTuning,
  JobChangeListener,
  JobManager,
  JobRecord,
  OwnerScope,
} from '../ports';
import { createTokenBucket } from '../transfer/token-bucket';
import type { ByteThrottle, HostSlots, TransferFile } from '../transfer/transfer-types';
import {
  DEFAULT_SETTINGS,
  isFinal,
  type FileSpec,
  type JobInfo,
  type JobInit,
  type Owner,
  type Priority,
  type Settings,
} from '../types';
import { SiteAccessGate } from './site-access-gate';
import { CostPolicyGate } from './cost-policy-gate';
import { setFileUrl } from './set-file-url';
import { Aria2Jobs } from './aria2-jobs';
import { Aria2HandOffs } from './aria2-hand-offs';
import type { UploadEndDeps } from './upload-completion';
import { insertUploadJob, replyOf } from './upload-jobs';
import { SchedulingLoop } from './scheduling-loop';
import { JobSaving } from './job-saving';
import {
  addJobFiles,
  cancelJob,
  resumeJob,
  setJobPriority,
  suspendJob,
  type JobControlDeps,
} from './job-controls';

export interface EngineOptions {
  tuning?: Partial<EngineTuning>;
  settings?: Partial<Settings>;
  transferFile?: TransferFile;
}

export class Engine implements JobManager {
  private readonly records: JobRecords;
  private readonly runner: JobRunner;
  private readonly tuning: EngineTuning;
  private readonly throttle: ByteThrottle;
  private settings: Settings;
  private readonly siteAccess: SiteAccessGate;
  private readonly costPolicy: CostPolicyGate;
  private unwatchCost: () => void = () => undefined;
  /** Jobs handed to aria2: they never take a transfer slot (aria2-jobs.ts). */
  private readonly aria2: Aria2Jobs;
  private readonly handOffs: Aria2HandOffs;
  private readonly saving: JobSaving;
  private readonly loop: SchedulingLoop;
  private readonly controls: JobControlDeps;
  private readonly hosts: HostSlots;
  private nextSeq = 1;
  private starting: Promise<void> | null = null;
  private started = false;
  private stopped = false;

  constructor(
    private readonly ports: EnginePorts,
    options: EngineOptions = {},
  ) {
    this.tuning = { ...DEFAULT_TUNING, ...options.tuning };
    this.settings = normalizeSettings({ ...DEFAULT_SETTINGS, ...options.settings });
    const settings = () => this.settings;
    const schedule = () => this.loop.schedule();
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
      settings,
      throttle: this.throttle,
      hosts: this.hosts,
      links: new Map(),
      transferFile: options.transferFile ?? realTransferFile,
      onSettled: (job, run) => this.runSettled(job, run),
    });
    const { records, runner, tuning } = this;
    this.siteAccess = new SiteAccessGate(records, runner, (id) => this.resume('*', id));
    this.costPolicy = new CostPolicyGate(records, runner, ports.network, settings);
    this.aria2 = new Aria2Jobs({ ports, records, settings, pollMs: tuning.aria2PollMs, changed: schedule });
    this.handOffs = new Aria2HandOffs({ records, runner, aria2: this.aria2, schedule });
    const uploadEnd = () => this.uploadEndDeps();
    this.saving = new JobSaving({
      ports,
      records,
      runner,
      tuning,
      settings,
      uploadEnd,
      schedule,
      started: () => this.start(),
    });
    this.controls = {
      records,
      runner,
      aria2: this.aria2,
      store: ports.store,
      uploadEnd,
      schedule,
      now: () => this.now(),
    };
    this.loop = new SchedulingLoop({
      ports,
      records,
      runner,
      tuning,
      settings,
      costPolicy: this.costPolicy,
      siteAccess: this.siteAccess,
      aria2: this.aria2,
      busy: (id) => this.handOffs.isHandingOff(id) || this.saving.isSaving(id),
      forget: (job) => this.forget(job),
      live: () => this.started && !this.stopped,
    });
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
    this.unwatchCost = this.costPolicy.watch(() => this.loop.schedule());
    recoverJobs(this.records, this.ports.uploads, (id) => this.complete('*', id));
    this.aria2.start();
    this.loop.tick();
  }

  /** Runs what is due now (retries, expired final jobs): the host's alarm calls it. */
  async wake(): Promise<void> {
    await this.start();
    this.loop.tick();
  }

  async stop(): Promise<void> {
    await this.start();
    this.stopped = true;
    this.unwatchCost();
    this.loop.stop();
    this.aria2.stop();
    const runs = this.runner.all();
    // aria2 keeps its downloads going: their jobs stay as they are.
    for (const job of this.records.all().filter((j) => j.aria2 === null)) {
      this.runner.abort(job.id, 'The extension is stopping');
      quietly(this.records.transition(job, 'yield'));
    }
    await Promise.all(runs.map((run) => run.done));
    await this.records.flush();
    this.loop.updateActive();
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

  addFiles(scope: OwnerScope, id: string, specs: FileSpec[]): Promise<JobInfo> {
    return this.act(scope, id, (job) => addJobFiles(this.controls, job, specs));
  }

  resume(scope: OwnerScope, id: string): Promise<JobInfo> {
    return this.act(scope, id, (job) => resumeJob(this.controls, job));
  }

  suspend(scope: OwnerScope, id: string): Promise<JobInfo> {
    return this.act(scope, id, (job) => suspendJob(this.controls, job));
  }

  cancel(scope: OwnerScope, id: string): Promise<JobInfo> {
    return this.act(scope, id, (job) => cancelJob(this.controls, job));
  }

  complete(scope: OwnerScope, id: string): Promise<JobInfo> {
    return this.saving.complete(scope, id);
  }

  setPriority(scope: OwnerScope, id: string, priority: Priority): Promise<JobInfo> {
    return this.act(scope, id, (job) => setJobPriority(this.controls, job, priority));
  }

  setFileUrl(scope: OwnerScope, id: string, fileIndex: number, url: string): Promise<JobInfo> {
    return this.act(scope, id, async (job) => {
      await setFileUrl(
        { records: this.records, runner: this.runner, store: this.ports.store },
        job,
        fileIndex,
        url,
      );
      this.loop.schedule();
    });
  }

  handOff(
    scope: OwnerScope,
    id: string,
    { cookies }: { cookies: ReadonlyArray<string | null> },
  ): Promise<JobInfo> {
    return this.act(scope, id, (job) => this.handOffs.handOff(job, cookies[0] ?? null));
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
    this.loop.schedule();
  }

  getSettings(): Settings {
    return { ...this.settings };
  }

  setBlockedOrigins(origins: readonly string[]): void {
    this.siteAccess.setBlocked(origins, this.started && !this.stopped);
    this.loop.schedule();
  }

  subscribe(listener: JobChangeListener): () => void {
    return this.records.events.subscribe(listener);
  }

  // ------------------------------------------------------------------------------------------
  // Helpers

  /** Finds the job in the caller's scope once the store is loaded, applies `change`, answers its info. */
  private async act(
    scope: OwnerScope,
    id: string,
    change: (job: JobRecord) => Promise<void>,
  ): Promise<JobInfo> {
    await this.start();
    await change(this.records.find(scope, id));
    return this.records.info(id);
  }

  private runSettled(job: JobRecord, run: Run): void {
    if (run.transferred && !run.stopping && completesItself(job)) quietly(this.complete('*', job.id));
    this.loop.schedule();
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

  private now(): number {
    return this.ports.clock.now();
  }
}

export function createEngine(ports: EnginePorts, options: EngineOptions = {}): Engine {
  return new Engine(ports, options);
}
