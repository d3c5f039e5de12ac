/** Which row buttons apply to a job in its state (ui.md "Row buttons, shown when they apply"). */
import type { JobInfo } from '../engine/types';
import { isFinal } from '../engine/types';

export type RowAction =
  'pause' | 'resume' | 'retry' | 'saveNow' | 'finishUpload' | 'open' | 'showInFolder' | 'cancel' | 'remove';

/** The first file saved to disk, which "Open" and "Show in folder" act on; null when none is. */
export function savedFileIndex(job: JobInfo): number | null {
  const index = job.files.findIndex((file) => file.localPath !== null);
  return index === -1 ? null : index;
}

export function rowActions(job: JobInfo): RowAction[] {
  const actions: RowAction[] = [];
  switch (job.state) {
    case 'QUEUED':
    case 'CONNECTING':
    case 'TRANSFERRING':
      actions.push('pause');
      break;
    case 'SUSPENDED':
      actions.push('resume');
      break;
    case 'TRANSIENT_ERROR':
      // Waiting for its retry time: "Retry" tries now, "Pause" stops the retries.
      actions.push('retry', 'pause');
      break;
    case 'ERROR':
      actions.push('retry');
      break;
    case 'TRANSFERRED':
      // complete(): a download is saved to disk, an upload's session is closed (Close-Session).
      actions.push(job.type === 'download' ? 'saveNow' : 'finishUpload');
      break;
    case 'ACKNOWLEDGED':
    case 'CANCELLED':
      break;
  }
  if (savedFileIndex(job) !== null) actions.push('open', 'showInFolder');
  actions.push(isFinal(job.state) ? 'remove' : 'cancel');
  return actions;
}

/** Priority only matters to a job that may still transfer. */
export function canChangePriority(job: JobInfo): boolean {
  return !isFinal(job.state) && job.state !== 'TRANSFERRED';
}
