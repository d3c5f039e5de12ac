/**
 * Which notification a job change deserves (ui.md): one when a job is saved, one when it enters
 * ERROR; none for TRANSIENT_ERROR or progress. Pure: the background keeps the last state it saw
 * of each job and passes it in.
 */
import type { JobInfo, JobState } from '../engine/types';

export type NotificationKind = 'saved' | 'uploaded' | 'error' | 'takeover';

export interface NotificationPlan {
  /** One id per job and event: showing it again replaces it instead of stacking. */
  id: string;
  kind: NotificationKind;
  /** The job's id; for a takeover that made no job, the notice's own id. */
  jobId: string;
  /** The name in "Saved <name>" / "Uploaded <name>", or the error message. */
  text: string;
  /** 'takeover': the link the browser wanted to download (clicking gives it back to the browser). */
  url?: string;
}

const PREFIX = 'webbits:';

/**
 * @param takenOver the job took over a browser download: if it fails before its first byte, the
 *   person gets the reason and the link (ui.md), not the usual error notification.
 */
export function notificationFor(
  previous: JobState | undefined,
  job: JobInfo,
  takenOver = false,
): NotificationPlan | null {
  if (previous === job.state) return null;
  const url = job.files[0]?.url;
  if (takenOver && job.state === 'ERROR' && job.error && job.progress.bytesTransferred === 0 && url) {
    return takeoverNotification(job.id, url, job.error.message);
  }
  // An upload is not saved anywhere: its server has it.
  if (job.state === 'ACKNOWLEDGED' && job.type !== 'download' && job.progress.filesTransferred > 0) {
    return { id: `${PREFIX}uploaded:${job.id}`, kind: 'uploaded', jobId: job.id, text: job.displayName };
  }
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

/** A taken-over download that could not start: why, and its link. */
export function takeoverNotification(noticeId: string, url: string, reason: string): NotificationPlan {
  return { id: `${PREFIX}takeover:${noticeId}`, kind: 'takeover', jobId: noticeId, text: reason, url };
}

export function parseNotificationId(id: string): { kind: NotificationKind; jobId: string } | null {
  const match = /^webbits:(saved|uploaded|error|takeover):(.+)$/.exec(id);
  if (!match?.[1] || !match[2]) return null;
  return { kind: match[1] as NotificationKind, jobId: match[2] };
}
