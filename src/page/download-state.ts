/** WMP's DownloadItem.downloadState for a job state (page-api.md). */
import type { JobState } from '../engine/types';

export const DOWNLOAD_STATE = {
  Downloading: 0,
  Paused: 1,
  Processing: 2,
  Completed: 3,
  Canceled: 4,
} as const;
export type DownloadState = (typeof DOWNLOAD_STATE)[keyof typeof DOWNLOAD_STATE];

export function downloadStateOf(state: JobState): DownloadState {
  switch (state) {
    case 'QUEUED':
    case 'CONNECTING':
    case 'TRANSFERRING':
    case 'TRANSIENT_ERROR':
      return DOWNLOAD_STATE.Downloading;
    case 'SUSPENDED':
    case 'ERROR':
      return DOWNLOAD_STATE.Paused;
    case 'TRANSFERRED':
      return DOWNLOAD_STATE.Processing;
    case 'ACKNOWLEDGED':
      return DOWNLOAD_STATE.Completed;
    case 'CANCELLED':
      return DOWNLOAD_STATE.Canceled;
  }
}
