/**
 * What one aria2.tellStatus answer does to a handed-off job and its file (job-model.md "Hand-off
 * to aria2"). Pure. The answer was checked by the schema already; this also checks it is about the
 * download asked for and keeps its numbers sensible, because another program made them.
 */
import type { FileRecord, JobRecord } from '../ports';
import type { Aria2Status } from './aria2-schemas';
import { aria2StatusToJob } from './status-to-job';

export interface Aria2JobUpdate {
  /** The job's patch; empty when only progress moved. */
  job: Partial<JobRecord>;
  /** The file's new size, path and completion, or null when unchanged. */
  file: FileRecord | null;
  /** Bytes aria2 holds of the file. */
  bytes: number;
}

/** A path longer than any file system's is not a path: it is dropped rather than shown. */
export const MAX_ARIA2_PATH = 4096;

export function aria2JobUpdate(
  job: Pick<JobRecord, 'state' | 'error' | 'transferCompleted'>,
  file: FileRecord,
  status: Aria2Status,
  now: number,
): Aria2JobUpdate {
  const view = aria2StatusToJob(status);
  const total = view.bytesTotal;
  // completedLength above totalLength would show more than 100 %.
  const bytes = total === null ? view.bytesTransferred : Math.min(view.bytesTransferred, total);
  const patch: Partial<JobRecord> = {};
  if (view.state !== job.state) patch.state = view.state;
  if (view.state === 'ERROR') {
    if (job.error?.message !== view.error?.message) patch.error = view.error;
  } else if (job.error !== null) {
    patch.error = null;
  }
  if (patch.state !== undefined && view.state !== 'ERROR') {
    patch.retryAt = null;
    patch.firstTransientErrorAt = null;
  }
  if (view.state === 'ACKNOWLEDGED' && job.transferCompleted === null) patch.transferCompleted = now;

  const localPath =
    view.localPath !== null && view.localPath.length <= MAX_ARIA2_PATH ? view.localPath : null;
  const next: FileRecord = {
    ...file,
    bytesTotal: total ?? file.bytesTotal,
    completed: view.state === 'ACKNOWLEDGED',
    localPath: view.state === 'ACKNOWLEDGED' ? localPath : file.localPath,
  };
  const fileChanged =
    next.bytesTotal !== file.bytesTotal ||
    next.completed !== file.completed ||
    next.localPath !== file.localPath;
  return { job: patch, file: fileChanged ? next : null, bytes };
}
