/**
 * `complete()`: a download's files saved to disk (job-completion.ts), an upload's session closed
 * (upload-completion.ts). One save per job at a time: a second caller waits for the first.
 */
import { BitsError } from '../bits-codes';
import type { EnginePorts, EngineTuning, OwnerScope } from '../ports';
import { isUploadType, type JobInfo, type Settings } from '../types';
import { completeJob } from './job-completion';
import type { JobRecords } from './job-records';
import type { JobRunner } from './job-runner';
import { stateAfterMethod } from './job-state';
import { completeUpload, type UploadEndDeps } from './upload-completion';

export interface JobSavingDeps {
  ports: EnginePorts;
  records: JobRecords;
  runner: JobRunner;
  tuning: EngineTuning;
  settings(): Settings;
  uploadEnd(): UploadEndDeps;
  /** The engine has loaded its records. */
  started(): Promise<void>;
  schedule(): void;
}

export class JobSaving {
  private readonly completing = new Map<string, Promise<JobInfo>>();

  constructor(private readonly deps: JobSavingDeps) {}

  /** The job is being saved: the scheduler leaves it alone. */
  isSaving(id: string): boolean {
    return this.completing.has(id);
  }

  complete(scope: OwnerScope, id: string): Promise<JobInfo> {
    const { records } = this.deps;
    const pending = this.completing.get(id);
    // Saving already: a second caller waits for the same outcome (if the job is theirs).
    if (pending) {
      return Promise.resolve().then(() => {
        records.find(scope, id);
        return pending;
      });
    }
    const work = this.deps.started().then(() => this.save(scope, id));
    const tracked = work.finally(() => {
      this.completing.delete(id);
      this.deps.schedule();
    });
    this.completing.set(id, tracked);
    return tracked;
  }

  private async save(scope: OwnerScope, id: string): Promise<JobInfo> {
    const { records, ports } = this.deps;
    const job = records.find(scope, id);
    stateAfterMethod(job.state, 'complete', { fileCount: job.fileCount });
    if (job.aria2) throw new BitsError('BG_E_INVALID_STATE', 'complete: aria2 saves this file itself');
    await this.deps.runner.abort(id, 'The job is being completed')?.done;
    if (isUploadType(job.type)) {
      await completeUpload(job, this.deps.uploadEnd());
      return records.info(id);
    }
    await completeJob(job, {
      store: ports.store,
      saver: ports.saver,
      savesAtOnce: this.deps.tuning.savesAtOnce,
      settings: this.deps.settings,
      write: (fn) => records.write(fn),
      change: (patch) => records.change(job, patch),
      filesChanged: (files) => {
        records.setFiles(id, files);
        // A saved file's path is news like progress: at most every progressIntervalMs, so a job
        // of many small files does not send its whole file list once per file. The job's next
        // state change (ACKNOWLEDGED, or the failure) carries every path at once.
        records.emit(id, 'progress');
      },
      dropped: (fileIndex) => records.setBytes(id, fileIndex, 0),
    });
    return records.info(id);
  }
}
