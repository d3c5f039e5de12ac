/**
 * Runs jobs: a few of one job's files at once through the per-file transfer, from CONNECTING to
 * TRANSFERRED (or a failure outcome). A run can be stopped at any time by aborting its signal; the
 * job may not start again until the aborted transfer has wound down, so that two transfers never
 * write the same file.
 */
import { failureOf } from './engine-support';
import { outcomeOfFailure } from './failure-outcome';
import type { JobRecords } from './job-records';
import { runAtMost, type ItemFailure } from './run-at-most';
import { linkedController } from '../transfer/transfer-signals';
import type { EnginePorts, EngineTuning, FileRecord, JobRecord } from '../ports';
import type { ByteThrottle, HostSlots, TransferEnv, TransferFile } from '../transfer/transfer-types';
import { isUploadType, type Settings } from '../types';
import { runUpload } from './upload-run';

export interface Run {
  controller: AbortController;
  sliceStart: number;
  /** Aborted: the transfer is winding down. */
  stopping: boolean;
  /** Every file was stored and the job is TRANSFERRED. */
  transferred: boolean;
  done: Promise<void>;
}

export interface RunnerDeps {
  ports: Pick<EnginePorts, 'fetch' | 'clock' | 'timers' | 'store' | 'uploads'>;
  records: JobRecords;
  tuning: EngineTuning;
  settings(): Settings;
  throttle: ByteThrottle;
  hosts: HostSlots;
  links: TransferEnv['links'];
  transferFile: TransferFile;
  /** A run ended, whatever the reason (the run is no longer listed). */
  onSettled(job: JobRecord, run: Run): void;
}

/** For writes nobody waits on: a failed store write must not become an unhandled rejection. */
export const quietly = (work: Promise<unknown> | null): void => void work?.catch(() => undefined);

export class JobRunner {
  private readonly runs = new Map<string, Run>();

  constructor(private readonly deps: RunnerDeps) {}

  /** How many transfers are running or winding down. */
  get size(): number {
    return this.runs.size;
  }

  /** Jobs holding a slot, with the start of their time slice. */
  running(): Map<string, number> {
    const running = new Map<string, number>();
    for (const [id, run] of this.runs) if (!run.stopping) running.set(id, run.sliceStart);
    return running;
  }

  isWindingDown(id: string): boolean {
    return this.runs.get(id)?.stopping ?? false;
  }

  all(): Run[] {
    return [...this.runs.values()];
  }

  start(job: JobRecord): void {
    const controller = new AbortController();
    const now = this.deps.ports.clock.now();
    const run: Run = {
      controller,
      sliceStart: now,
      stopping: false,
      transferred: false,
      done: Promise.resolve(),
    };
    this.runs.set(job.id, run);
    quietly(this.deps.records.transition(job, 'start'));
    run.done = this.runJob(job, run)
      .catch(() => undefined)
      .finally(() => {
        if (this.runs.get(job.id) === run) this.runs.delete(job.id);
        this.deps.onSettled(job, run);
      });
  }

  /** Aborts the job's transfer (every stored byte is kept); returns the run to await its end. */
  abort(id: string, reason: string): Run | undefined {
    const run = this.runs.get(id);
    if (run && !run.stopping) {
      run.stopping = true;
      run.controller.abort(new DOMException(reason, 'AbortError'));
    }
    return run;
  }

  private async runJob(job: JobRecord, run: Run): Promise<void> {
    const { records, ports } = this.deps;
    const { signal } = run.controller;
    let current: FileRecord | undefined;
    try {
      if (isUploadType(job.type)) {
        const { store, uploads } = ports;
        await runUpload({ records, store, uploads, env: this.transferEnv(job) }, job, {
          signal,
          stopping: () => run.stopping,
          onFile: (file) => (current = file),
        });
        if (signal.aborted) return;
      }
      for (;;) {
        // Fresh records: an earlier attempt may have stored probe results, files may have been added.
        const files = await ports.store.getFiles(job.id);
        if (signal.aborted) return;
        records.setFiles(job.id, files);
        const pending = files.filter((f) => !f.completed);
        if (pending.length === 0) break;
        const failed = await this.transferFiles(job, run, pending);
        if (signal.aborted) return;
        if (failed) {
          current = failed.item;
          throw failed.error;
        }
      }
      const now = ports.clock.now();
      const patch = { transferCompleted: now, error: null, retryAt: null, firstTransientErrorAt: null };
      const done = records.transition(job, 'all-files-done', patch);
      run.transferred = done !== null;
      await done;
    } catch (err) {
      if (signal.aborted) return;
      // What the transfer stored about its files (a mirror skipped, say) shows with the error.
      records.setFiles(job.id, await ports.store.getFiles(job.id).catch(() => records.filesOf(job.id)));
      const failure = failureOf(err, { id: job.id, currentFile: current });
      const outcome = outcomeOfFailure(job, failure, ports.clock.now());
      await records.transition(
        job,
        outcome.state === 'ERROR' ? 'fatal-failure' : 'transient-failure',
        outcome,
      );
    }
  }

  /**
   * Transfers `files` up to tuning.filesAtOnce at a time, started in index order. The first file
   * to fail stops the others and is returned; either way every transfer has ended on return.
   */
  private async transferFiles(
    job: JobRecord,
    run: Run,
    files: FileRecord[],
  ): Promise<ItemFailure<FileRecord> | null> {
    const { records } = this.deps;
    const { controller, unlink } = linkedController(run.controller.signal);
    const { signal } = controller;
    let failed: ItemFailure<FileRecord> | null = null;
    const env = this.transferEnv(job);
    const transfer = async (file: FileRecord): Promise<void> => {
      try {
        const result = await this.deps.transferFile(env, {
          job: { id: job.id, owner: job.owner, headers: job.headers },
          file,
          signal,
          onProgress: (received, total) => this.onProgress(job, run, file, received, total),
          onTransferring: () => {
            if (!run.stopping && job.state === 'CONNECTING') quietly(records.transition(job, 'first-byte'));
          },
          onFileRecord: (record) => {
            if (run.stopping) return;
            records.setFiles(
              job.id,
              records.filesOf(job.id).map((f) => (f.index === record.index ? record : f)),
            );
            records.emit(job.id, 'progress');
          },
        });
        records.replaceFile(result);
      } catch (error) {
        // The others end with this abort's reason: only the first failure is the job's.
        if (signal.aborted) return;
        failed = { item: file, error };
        controller.abort(error);
      }
    };
    // transfer() never rejects, so neither does runAtMost.
    await runAtMost(files, this.deps.tuning.filesAtOnce, transfer, () => !signal.aborted);
    unlink();
    return failed;
  }

  private onProgress(
    job: JobRecord,
    run: Run,
    file: FileRecord,
    received: number,
    total: number | null,
  ): void {
    if (run.stopping) return;
    const { records } = this.deps;
    // Bytes arrived: the no-progress window closes (persisted with the next change).
    if (received > records.bytesOf(job.id, file.index)) job.firstTransientErrorAt = null;
    records.setBytes(job.id, file.index, received);
    const cached = records.filesOf(job.id).find((f) => f.index === file.index);
    if (cached && total !== null) cached.bytesTotal = total;
    records.emit(job.id, 'progress');
  }

  private transferEnv(job: JobRecord): TransferEnv {
    const { fetch, clock, timers, store } = this.deps.ports;
    return {
      ports: { fetch, clock, timers, store },
      tuning: this.deps.tuning,
      connectionsPerFile: () => this.deps.settings().connectionsPerFile,
      // Foreground jobs are never throttled.
      throttle: job.priority === 'foreground' ? null : this.deps.throttle,
      hosts: this.deps.hosts,
      links: this.deps.links,
    };
  }
}
