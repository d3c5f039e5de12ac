/**
 * Which notification a job change deserves (ui.md): one when a job is saved, one when it enters
 * ERROR; none for TRANSIENT_ERROR or progress. Pure: the background keeps the last state it saw
 * of each job and passes it in.
 */
import type { JobInfo, JobState } from '../engine/types';

export type NotificationKind = 'saved' | 'error';

export interface NotificationPlan {
  /** One id per job and event: showing it again replaces it instead of stacking. */
  id: string;
  kind: NotificationKind;
  jobId: string;
  /** The name in "Saved <name>", or the error message. */
  text: string;
}

const PREFIX = 'webbits:';

export function notificationFor(previous: JobState | undefined, job: JobInfo): NotificationPlan | null {
  if (previous === job.state) return null;
  if (job.state === 'ACKNOWLEDGED' && job.progress.filesTransferred > 0) {
    return { id: `${PREFIX}saved:${job.id}`, kind: 'saved', jobId: job.id, text: savedName(job) };
  }
  if (job.state === 'ERROR' && job.error) {
    return { id: `${PREFIX}error:${job.id}`, kind: 'error', jobId: job.id, text: job.error.message };
  }
  return null;
}

/** A one-file job is named by its saved file; a job of several files by its display name. */
export function savedName(job: JobInfo): string {
  const saved = job.files.filter((file) => file.localPath);
  const only = saved.length === 1 ? saved[0]?.localPath : null;
  return only ? (only.split('/').pop() ?? only) : job.displayName;
}

export function parseNotificationId(id: string): { kind: NotificationKind; jobId: string } | null {
  const match = /^webbits:(saved|error):(.+)$/.exec(id);
  if (!match?.[1] || !match[2]) return null;
  return { kind: match[1] as NotificationKind, jobId: match[2] };
}
