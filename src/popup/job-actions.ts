/** Which row buttons apply to a job in its state (ui.md "Row buttons, shown when they apply"). */
import type { JobInfo } from '../engine/types';
import { isFinal, USER_OWNER } from '../engine/types';

export type RowAction =
  | 'pause'
  | 'resume'
  | 'retry'
  | 'saveNow'
  | 'finishUpload'
  | 'open'
  | 'showInFolder'
  | 'sendToAria2'
  | 'cancel'
  | 'remove';

export interface RowOptions {
  /** "Send to aria2" is "When I choose" and an address is set (ui.md). */
  offerAria2: boolean;
}

/** The first file saved to disk, which "Open" and "Show in folder" act on; null when none is. */
export function savedFileIndex(job: JobInfo): number | null {
  const index = job.files.findIndex((file) => file.localPath !== null);
  return index === -1 ? null : index;
}

/** A one-file download the person started, not finished, not handed off yet (job-model.md). */
export function canSendToAria2(job: JobInfo): boolean {
  return (
    job.owner === USER_OWNER &&
    job.aria2 === undefined &&
    job.files.length === 1 &&
    !isFinal(job.state) &&
    job.state !== 'TRANSFERRED'
  );
}

export function rowActions(job: JobInfo, options: RowOptions = { offerAria2: false }): RowAction[] {
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
  // aria2's file is on aria2's disk, which the browser's downloads API does not know.
  if (savedFileIndex(job) !== null && job.aria2 === undefined) actions.push('open', 'showInFolder');
  if (options.offerAria2 && canSendToAria2(job)) actions.push('sendToAria2');
  actions.push(isFinal(job.state) ? 'remove' : 'cancel');
  return actions;
}

/** Priority only matters to a job that may still transfer. */
export function canChangePriority(job: JobInfo): boolean {
  return !isFinal(job.state) && job.state !== 'TRANSFERRED';
}
