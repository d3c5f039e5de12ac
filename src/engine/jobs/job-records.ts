/**
 * The engine's in-memory copy of every job and file record, written through to the store in the
 * order the changes were made, with every change announced to subscribers. JobInfo is derived from
 * it, plus the bytes received per file (stored or still in flight).
 */
import { BitsError } from '../bits-codes';
import { JobEvents } from './job-events';
import { storedBytes, toJobInfo } from './job-info';
import { stateAfterEvent, type JobEvent } from './job-state';
import type {
  Clock,
  FileRecord,
  JobChangeKind,
  JobRecord,
  JobStore,
  LoadedState,
  OwnerScope,
} from '../ports';
import type { JobInfo } from '../types';

export const inScope = (scope: OwnerScope, job: JobRecord): boolean => scope === '*' || job.owner === scope;

export class JobRecords {
  private readonly jobs = new Map<string, JobRecord>();
  private readonly files = new Map<string, FileRecord[]>();
  private readonly bytes = new Map<string, number[]>();
  private writes: Promise<void> = Promise.resolve();

  constructor(
    readonly store: JobStore,
    private readonly clock: Clock,
    readonly events: JobEvents,
  ) {}

  load({ jobs, files, segments }: LoadedState): void {
    for (const job of jobs) {
      job.referrer ??= null; // stored before the field existed
      job.aria2 ??= null;
      this.cache(job, []);
    }
    for (const file of files) this.files.get(file.jobId)?.push(file);
    // An upload's progress is what its server acknowledged, kept in its record.
    for (const job of jobs) if (job.upload) this.setBytes(job.id, 0, job.upload.acknowledged);
    for (const list of this.files.values()) list.sort((a, b) => a.index - b.index);
    for (const segment of segments) {
      const list = this.bytes.get(segment.jobId);
      if (list) list[segment.fileIndex] = (list[segment.fileIndex] ?? 0) + storedBytes([segment]);
    }
  }

  all(): JobRecord[] {
    return [...this.jobs.values()];
  }

  get(id: string): JobRecord | undefined {
    return this.jobs.get(id);
  }

  /** The job if the caller may see it; else BG_E_NOT_FOUND, exactly as if it did not exist. */
  find(scope: OwnerScope, id: string): JobRecord {
    const job = this.jobs.get(id);
    if (!job || !inScope(scope, job)) throw new BitsError('BG_E_NOT_FOUND', `No job with id ${String(id)}`);
    return job;
  }

  filesOf(id: string): FileRecord[] {
    return this.files.get(id) ?? [];
  }

  info(id: string): JobInfo {
    return toJobInfo(this.find('*', id), this.filesOf(id), this.bytes.get(id) ?? []);
  }

  /** Newest first. */
  list(scope: OwnerScope): JobInfo[] {
    return this.all()
      .filter((j) => inScope(scope, j))
      .sort((a, b) => b.created - a.created || b.seq - a.seq)
      .map((j) => this.info(j.id));
  }

  emit(id: string, kind: JobChangeKind): void {
    this.events.emit(id, kind, () => this.info(id));
  }

  /** A new job: in the cache before the write (so quotas count it), removed again if the write fails. */
  async insert(job: JobRecord, files: FileRecord[]): Promise<void> {
    this.cache(job, files);
    try {
      await this.write(() => this.store.putJobAndFiles(structuredClone(job), structuredClone(files)));
    } catch (err) {
      this.uncache(job.id);
      throw err;
    }
    this.emit(job.id, 'created');
  }

  async appendFiles(job: JobRecord, added: FileRecord[], patch: Partial<JobRecord>): Promise<void> {
    this.files.get(job.id)?.push(...added);
    this.bytes.get(job.id)?.push(...added.map(() => 0));
    Object.assign(job, patch, { fileCount: job.fileCount + added.length, modified: this.clock.now() });
    await this.write(() => this.store.putJobAndFiles(structuredClone(job), structuredClone(added)));
    this.emit(job.id, 'state');
  }

  /** Applies a change in memory at once (and announces it), then persists it in order. */
  change(job: JobRecord, patch: Partial<JobRecord>): Promise<void> {
    Object.assign(job, patch, { modified: this.clock.now() });
    const snapshot = structuredClone(job);
    const written = this.write(() => this.store.putJob(snapshot));
    if (this.jobs.get(job.id) === job) this.emit(job.id, 'state');
    return written;
  }

  /**
   * Persists a change nobody needs to hear about (an upload's session and acknowledged offset,
   * announced as progress instead), in order with every other write.
   */
  update(job: JobRecord, patch: Partial<JobRecord>): Promise<void> {
    Object.assign(job, patch);
    const snapshot = structuredClone(job);
    return this.write(() => this.store.putJob(snapshot));
  }

  /**
   * Applies an engine event (job-state.ts) with its patch; null, changing nothing, when the event
   * does not apply in the job's state any more (say, a failure reported after a suspend).
   */
  transition(job: JobRecord, event: JobEvent, patch: Partial<JobRecord> = {}): Promise<void> | null {
    const state = stateAfterEvent(job.state, event);
    return state === null ? null : this.change(job, { ...patch, state });
  }

  /** Store writes go one after another, in the order they were asked for. */
  write(fn: () => Promise<void>): Promise<void> {
    const written = this.writes.then(fn);
    this.writes = written.catch(() => undefined);
    return written;
  }

  flush(): Promise<void> {
    return this.writes;
  }

  setFiles(jobId: string, files: FileRecord[]): void {
    if (this.jobs.has(jobId)) this.files.set(jobId, files);
  }

  /** A file record the transfer returned (completed): its size counts as received. */
  replaceFile(file: FileRecord): void {
    const list = this.filesOf(file.jobId);
    const at = list.findIndex((f) => f.index === file.index);
    if (at >= 0) list[at] = file;
    if (file.bytesTotal !== null) this.setBytes(file.jobId, file.index, file.bytesTotal);
  }

  bytesOf(jobId: string, index: number): number {
    return this.bytes.get(jobId)?.[index] ?? 0;
  }

  setBytes(jobId: string, index: number, bytes: number): void {
    const list = this.bytes.get(jobId);
    if (list) list[index] = bytes;
  }

  /** Forgets a job and its stored data; subscribers get 'removed' with its last state. */
  async forget(job: JobRecord): Promise<void> {
    if (this.jobs.get(job.id) !== job) return;
    const last = this.info(job.id);
    this.uncache(job.id);
    await this.write(() => this.store.deleteJob(job.id));
    this.events.emit(job.id, 'removed', () => last);
  }

  private cache(job: JobRecord, files: FileRecord[]): void {
    this.jobs.set(job.id, job);
    this.files.set(job.id, files);
    this.bytes.set(
      job.id,
      files.map(() => 0),
    );
  }

  private uncache(id: string): void {
    this.jobs.delete(id);
    this.files.delete(id);
    this.bytes.delete(id);
  }
}
