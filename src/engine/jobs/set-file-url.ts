/**
 * (+) setFileUrl's effects (file-url-change.ts has the rules): a running transfer stops with its
 * bytes kept, the file's record takes the new link, and a job that was running is QUEUED again so
 * that it goes on with it. Other states stay as they are: the caller resumes when it wants to.
 */
import type { JobRecord, JobStore } from '../ports';
import { checkFileUrlChange, withNewUrl } from './file-url-change';
import type { JobRecords } from './job-records';
import type { JobRunner } from './job-runner';
import { validateFileUrlChange } from './job-validation';

export interface FileUrlChangeDeps {
  records: JobRecords;
  runner: JobRunner;
  store: JobStore;
}

export async function setFileUrl(
  deps: FileUrlChangeDeps,
  job: JobRecord,
  fileIndex: unknown,
  url: unknown,
): Promise<void> {
  const { records, runner, store } = deps;
  const change = validateFileUrlChange(fileIndex, url, job.fileCount);
  const cached = records.filesOf(job.id).find((f) => f.index === change.fileIndex);
  if (!cached) throw new TypeError(`fileIndex: the job has no file ${change.fileIndex}`);
  checkFileUrlChange(job.state, cached);
  if (cached.url === change.url) return;
  // The transfer must have stopped writing before the record changes under it.
  const wasRunning = runner.abort(job.id, 'The link of a file changed');
  await wasRunning?.done;
  await records.write(async () => {
    const files = await store.getFiles(job.id);
    const updated = withNewUrl(files.find((f) => f.index === change.fileIndex) ?? cached, change.url);
    await store.putFile(updated);
    records.setFiles(
      job.id,
      files.map((f) => (f.index === updated.index ? updated : f)),
    );
  });
  // A running job is QUEUED again; any other keeps its state, and everyone sees the new link.
  await ((wasRunning ? records.transition(job, 'yield') : null) ?? records.change(job, {}));
}
