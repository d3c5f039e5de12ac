/** Rows grouped under their owner, newest first (ui.md "Toolbar popup"). */
import { USER_OWNER } from '../engine/types';
import type { JobInfo } from '../engine/types';

export interface JobGroup<T> {
  owner: string;
  /** The store's host name, or null for jobs owned by "user" (the page shows "Added by you"). */
  host: string | null;
  items: T[];
}

export function ownerHost(owner: string): string | null {
  if (owner === USER_OWNER) return null;
  try {
    return new URL(owner).hostname || owner;
  } catch {
    return owner;
  }
}

const newestFirst = (a: JobInfo, b: JobInfo): number =>
  b.times.created - a.times.created || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Groups in the order of their newest job; within a group, newest job first. */
export function groupByOwner<T extends { job: JobInfo }>(items: Iterable<T>): Array<JobGroup<T>> {
  const sorted = [...items].sort((a, b) => newestFirst(a.job, b.job));
  const groups = new Map<string, JobGroup<T>>();
  for (const item of sorted) {
    const owner = item.job.owner;
    let group = groups.get(owner);
    if (!group) {
      group = { owner, host: ownerHost(owner), items: [] };
      groups.set(owner, group);
    }
    group.items.push(item);
  }
  return [...groups.values()];
}

/** The first `limit` rows across the groups in order; groups left empty are dropped. */
export function firstRows<T>(groups: ReadonlyArray<JobGroup<T>>, limit: number): Array<JobGroup<T>> {
  const shown: Array<JobGroup<T>> = [];
  let left = limit;
  for (const group of groups) {
    if (left <= 0) break;
    shown.push(group.items.length <= left ? group : { ...group, items: group.items.slice(0, left) });
    left -= group.items.length;
  }
  return shown;
}
