/**
 * What a start does with the records the last run left (platform-notes.md: every start
 * recovers): a job that was running waits for a slot again with its bytes kept, a save that was
 * cut short runs again, and an upload's stored copy that outlived its final job goes.
 */
import type { UploadStore } from '../ports';
import { isFinal } from '../types';
import { completesItself } from './engine-support';
import type { JobRecords } from './job-records';
import { quietly } from './job-runner';
import { isRunning } from './job-state';

export function recoverJobs(
  records: JobRecords,
  uploads: UploadStore | undefined,
  complete: (id: string) => Promise<unknown>,
): void {
  for (const job of records.all()) {
    // The process died while the job ran (aria2 jobs run on in aria2 and are followed again).
    if (isRunning(job.state) && job.aria2 === null) quietly(records.transition(job, 'recover'));
    // It died while saving: save again.
    else if (job.state === 'TRANSFERRED' && job.error === null && completesItself(job))
      quietly(complete(job.id));
    // It died between a final state and dropping the upload's stored copy.
    else if (job.upload && isFinal(job.state)) quietly(uploads?.deleteData(job.id) ?? null);
  }
}
