/** The toolbar badge: how many jobs are queued or transferring, empty when none (ui.md). */
import type { JobInfo, JobState } from '../engine/types';

const COUNTED: readonly JobState[] = ['QUEUED', 'CONNECTING', 'TRANSFERRING'];

export function badgeText(jobs: readonly JobInfo[]): string {
  const count = jobs.filter((job) => COUNTED.includes(job.state)).length;
  return count === 0 ? '' : String(count);
}
