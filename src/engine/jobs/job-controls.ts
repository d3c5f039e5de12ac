/**
 * What the BITS methods do to one job that is already found and in scope: add files, resume,
 * suspend, cancel, change the priority. job-state.ts decides whether a method is allowed and the
 * state it leads to; these apply it to the records, the running transfer and aria2.
 */
import { BitsError } from '../bits-codes';
import type { JobStore, JobRecord } from '../ports';
import { isUploadType, type FileSpec, type Priority } from '../types';
import type { Aria2Jobs } from './aria2-jobs';
import { newFileRecord } from './engine-support';
import type { JobRecords } from './job-records';
import type { JobRunner } from './job-runner';
import { stateAfterMethod } from './job-state';
import { checkWmpFileCount, validateFiles, validatePriority } from './job-validation';
import { cancelUpload, type UploadEndDeps } from './upload-completion';

export interface JobControlDeps {
  records: JobRecords;
  runner: JobRunner;
  aria2: Aria2Jobs;
  store: JobStore;
  uploadEnd(): UploadEndDeps;
  schedule(): void;
  now(): number;
}

export async function addJobFiles(deps: JobControlDeps, job: JobRecord, specs: FileSpec[]): Promise<void> {
  if (job.aria2) throw new BitsError('BG_E_INVALID_STATE', 'addFiles: the job is in aria2');
  if (isUploadType(job.type)) {
    throw new BitsError('BG_E_TOO_MANY_FILES', 'files: an upload job has exactly one file');
  }
  const valid = validateFiles(specs, job.fileCount);
  checkWmpFileCount(job.wmp, job.fileCount + valid.length);
  const state = stateAfterMethod(job.state, 'addFiles', { fileCount: job.fileCount + valid.length });
  const added = valid.map((f, i) => newFileRecord(job.id, job.fileCount + i, f));
  const requeue = state === 'QUEUED' && job.state !== 'QUEUED';
  await deps.records.appendFiles(
    job,
    added,
    requeue ? { state, queuedAt: deps.now(), transferCompleted: null, error: null } : { state },
  );
  deps.schedule();
}

export async function resumeJob(deps: JobControlDeps, job: JobRecord): Promise<void> {
  const state = stateAfterMethod(job.state, 'resume', { fileCount: job.fileCount });
  if (job.aria2) await deps.aria2.resume(job, job.aria2);
  if (state !== job.state) {
    // An explicit retry: the error is cleared and the no-progress window starts afresh.
    const patch = { state, error: null, retryAt: null, firstTransientErrorAt: null, queuedAt: deps.now() };
    await deps.records.change(job, patch);
  }
  if (job.aria2) deps.aria2.kick();
  deps.schedule();
}

export async function suspendJob(deps: JobControlDeps, job: JobRecord): Promise<void> {
  const state = stateAfterMethod(job.state, 'suspend', { fileCount: job.fileCount });
  if (job.aria2) await deps.aria2.suspend(job, job.aria2);
  deps.runner.abort(job.id, 'The job was suspended');
  await deps.records.change(job, { state, error: null, retryAt: null });
  deps.schedule();
}

export async function cancelJob(deps: JobControlDeps, job: JobRecord): Promise<void> {
  const { records } = deps;
  const state = stateAfterMethod(job.state, 'cancel', { fileCount: job.fileCount });
  if (job.aria2) await deps.aria2.cancel(job, job.aria2);
  const run = deps.runner.abort(job.id, 'The job was cancelled');
  await records.change(job, { state, error: null, retryAt: null });
  deps.schedule();
  // Wait until the transfer stopped writing, so that no chunk outlives the deletion.
  await run?.done;
  if (isUploadType(job.type)) {
    await cancelUpload(job, deps.uploadEnd());
    return;
  }
  for (const file of records.filesOf(job.id)) {
    await records.write(() => deps.store.deleteFileData(job.id, file.index));
    if (!file.completed) records.setBytes(job.id, file.index, 0);
  }
}

export async function setJobPriority(
  deps: JobControlDeps,
  job: JobRecord,
  priority: Priority,
): Promise<void> {
  const valid = validatePriority(priority);
  stateAfterMethod(job.state, 'setPriority', { fileCount: job.fileCount });
  if (valid !== job.priority) await deps.records.change(job, { priority: valid });
  deps.schedule();
}
