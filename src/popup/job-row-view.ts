/** Everything one popup row shows, as text, computed from a job and its measured speed. */
import type { JobInfo, JobState } from '../engine/types';
import { formatBytes, formatClock, formatDuration, formatSpeed } from '../ui/format';
import { t } from '../ui/i18n';
import type { MessageKey } from '../ui/i18n';
import { secondsLeft } from '../ui/speed';
import type { JobEntry } from './jobs-state';
import { canChangePriority, rowActions } from './job-actions';
import type { RowAction, RowOptions } from './job-actions';
import { jobTitle } from './job-title';

export interface RowView {
  title: string;
  stateText: string;
  /** 0..100, or null while the size is unknown (the progress bar then has no value). */
  percent: number | null;
  bytesText: string;
  /** "2 of 5 files", only for jobs with several files. */
  filesText: string | null;
  speedText: string | null;
  timeLeftText: string | null;
  errorText: string | null;
  retryText: string | null;
  actions: RowAction[];
  canChangePriority: boolean;
  /** "In aria2" for a job handed to aria2 (ui.md), with aria2's path once it is saved. */
  aria2Text: string | null;
  aria2Path: string | null;
}

const STATE_KEYS: Record<JobState, MessageKey> = {
  SUSPENDED: 'stateSUSPENDED',
  QUEUED: 'stateQUEUED',
  CONNECTING: 'stateCONNECTING',
  TRANSFERRING: 'stateTRANSFERRING',
  TRANSIENT_ERROR: 'stateTRANSIENT_ERROR',
  ERROR: 'stateERROR',
  TRANSFERRED: 'stateTRANSFERRED',
  ACKNOWLEDGED: 'stateACKNOWLEDGED',
  CANCELLED: 'stateCANCELLED',
};

/** ui.md: an upload says "Uploading" while it transfers. */
export const stateText = (state: JobState, type: JobInfo['type'] = 'download'): string =>
  t(state === 'TRANSFERRING' && type !== 'download' ? 'stateUPLOADING' : STATE_KEYS[state]);

export function progressPercent(job: JobInfo): number | null {
  const { bytesTotal, bytesTransferred } = job.progress;
  if (job.state === 'ACKNOWLEDGED' || job.state === 'TRANSFERRED') return 100;
  if (bytesTotal === null) return null;
  if (bytesTotal === 0) return 0;
  return Math.min(100, Math.max(0, Math.floor((bytesTransferred / bytesTotal) * 100)));
}

/**
 * When a job waiting after a recoverable error is tried again: the engine moves it back to the
 * queue `minimumRetryDelay` seconds after it entered the state, which is its last modification.
 */
export function nextRetryAt(job: JobInfo): number | null {
  if (job.state !== 'TRANSIENT_ERROR') return null;
  return job.times.modified + job.minimumRetryDelay * 1000;
}

export function rowView(
  entry: JobEntry,
  now: number,
  lang: string,
  options: RowOptions = { offerAria2: false },
): RowView {
  const { job, speed } = entry;
  const { bytesTotal, bytesTransferred, filesTotal, filesTransferred } = job.progress;
  const done = formatBytes(bytesTransferred, lang);
  const transferring = job.state === 'TRANSFERRING';
  const bytesPerSecond = transferring ? (speed?.bytesPerSecond ?? null) : null;
  const left = transferring ? secondsLeft(speed, bytesTotal) : null;
  // A QUEUED job carries an error only while it waits for an unmetered connection: say why.
  const hasError =
    job.state === 'ERROR' ||
    job.state === 'TRANSIENT_ERROR' ||
    (job.state === 'QUEUED' && job.error !== null);
  const retryAt = nextRetryAt(job);
  return {
    title: jobTitle(job),
    stateText: stateText(job.state, job.type),
    percent: progressPercent(job),
    bytesText:
      bytesTotal === null ? t('bytesOfUnknown', done) : t('bytesOf', done, formatBytes(bytesTotal, lang)),
    filesText: filesTotal > 1 ? t('filesOf', filesTransferred, filesTotal) : null,
    speedText: bytesPerSecond === null ? null : formatSpeed(bytesPerSecond, lang),
    timeLeftText: left === null ? null : t('timeLeft', formatDuration(left)),
    errorText: hasError ? (job.error?.message ?? null) : null,
    retryText:
      retryAt === null
        ? null
        : retryAt <= now
          ? t('nextRetrySoon')
          : t('nextRetry', formatClock(retryAt, now, lang)),
    actions: rowActions(job, options),
    canChangePriority: canChangePriority(job) && job.aria2 === undefined,
    aria2Text: job.aria2 ? t('inAria2') : null,
    aria2Path: job.aria2 ? (job.files[0]?.localPath ?? null) : null,
  };
}
