/**
 * Which sites the browser does not let WebBITS reach (src/shared/site-access.ts): checked for the
 * origins of every job that still has a file to fetch, at each start, when a job is added, and
 * when the person grants or withdraws access; the engine is told (engine/jobs/site-access.ts) so
 * that such jobs wait with a clear error instead of retrying, and go on once access is back.
 */
import { isFinal, type JobInfo } from '../engine/types';
import { originOf } from '../engine/jobs/site-access';
import { accessPattern } from '../shared/site-access';

export interface PermissionsPort {
  contains(permissions: { origins: string[] }): Promise<boolean>;
}

/** Origins of the files jobs still have to fetch, sorted. */
export function neededOrigins(jobs: readonly JobInfo[]): string[] {
  const origins = new Set<string>();
  for (const job of jobs) {
    if (isFinal(job.state)) continue;
    for (const file of job.files) {
      const origin = file.completed ? null : originOf(file.url);
      if (origin) origins.add(origin);
    }
  }
  return [...origins].sort();
}

export interface SiteAccess {
  /** Checks again; resolves with the blocked origins once the engine has been told. */
  check(): Promise<string[]>;
}

export function createSiteAccess(deps: {
  permissions: PermissionsPort | undefined;
  jobs(): JobInfo[];
  setBlocked(origins: string[]): void;
}): SiteAccess {
  let sent = '';
  let running: Promise<string[]> = Promise.resolve([]);

  const once = async (): Promise<string[]> => {
    const { permissions } = deps;
    if (!permissions) return [];
    const blocked: string[] = [];
    for (const origin of neededOrigins(deps.jobs())) {
      const allowed = await permissions.contains({ origins: [accessPattern(origin)] }).catch(() => true); // a pattern the browser refuses to judge: let the fetch decide
      if (!allowed) blocked.push(origin);
    }
    const key = blocked.join('\n');
    if (key !== sent) {
      sent = key;
      deps.setBlocked(blocked);
    }
    return blocked;
  };

  return {
    check() {
      running = running.then(once, once);
      return running;
    },
  };
}
