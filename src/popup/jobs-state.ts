/** The popup's copy of the job list, kept up to date from the jobs port (background-api.ts). */
import type { JobInfo } from '../engine/types';
import type { JobsPortMessage } from '../shared/background-api';
import { nextSpeed } from '../ui/speed';
import type { SpeedSample } from '../ui/speed';

export interface JobEntry {
  job: JobInfo;
  /** Measured while the job transfers; null otherwise. */
  speed: SpeedSample | null;
}

export type JobEntries = ReadonlyMap<string, JobEntry>;

function entryFor(job: JobInfo, previous: JobEntry | undefined, now: number): JobEntry {
  const speed =
    job.state === 'TRANSFERRING'
      ? nextSpeed(previous?.speed ?? null, job.progress.bytesTransferred, now)
      : null;
  return { job, speed };
}

/**
 * A new map with the message applied. Entries of jobs the message does not touch keep their
 * identity, so rows memoized on their entry do not render again.
 */
export function applyJobsMessage(entries: JobEntries, message: JobsPortMessage, now: number): JobEntries {
  switch (message.type) {
    case 'snapshot': {
      const next = new Map<string, JobEntry>();
      for (const job of message.jobs) {
        const previous = entries.get(job.id);
        next.set(job.id, previous?.job === job ? previous : entryFor(job, previous, now));
      }
      return next;
    }
    case 'change': {
      const next = new Map(entries);
      next.set(message.job.id, entryFor(message.job, entries.get(message.job.id), now));
      return next;
    }
    case 'removed': {
      if (!entries.has(message.id)) return entries;
      const next = new Map(entries);
      next.delete(message.id);
      return next;
    }
  }
}
