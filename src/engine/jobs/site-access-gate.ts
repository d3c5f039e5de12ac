/**
 * The engine's side of site access (site-access.ts has the rules): it holds the blocked origins
 * the background reports, stops a job that needs one (ERROR E_ACCESSDENIED, its bytes kept), and
 * lets a job that waited only for access go on once access is back.
 */
import type { JobRecord } from '../ports';
import type { JobRecords } from './job-records';
import { quietly, type JobRunner } from './job-runner';
import { blockedFile, SITE_ACCESS_CODE, siteAccessError } from './site-access';

export class SiteAccessGate {
  private blocked: ReadonlySet<string> = new Set();

  constructor(
    private readonly records: JobRecords,
    private readonly runner: JobRunner,
    /** Resumes a job as an explicit resume() would. */
    private readonly resume: (id: string) => Promise<unknown>,
  ) {}

  /** New blocked origins; `live` false while the engine is not running (nothing to stop yet). */
  setBlocked(origins: readonly string[], live: boolean): void {
    this.blocked = new Set(origins);
    if (!live) return;
    for (const job of this.records.all()) {
      if (this.stopIfBlocked(job)) continue;
      const waited = job.state === 'ERROR' && job.error?.code === SITE_ACCESS_CODE;
      if (waited && !blockedFile(this.records.filesOf(job.id), this.blocked)) quietly(this.resume(job.id));
    }
  }

  /** A job that needs a blocked site goes to ERROR (its transfer stopped, bytes kept); true if so. */
  stopIfBlocked(job: JobRecord): boolean {
    // aria2 fetches a handed-off job's file itself: the browser's site access does not matter.
    if (job.aria2 !== null) return false;
    const file = blockedFile(this.records.filesOf(job.id), this.blocked);
    if (!file) return false;
    const patch = { error: siteAccessError(file), retryAt: null, firstTransientErrorAt: null };
    const changed = this.records.transition(job, 'no-site-access', patch);
    if (changed === null) return false;
    this.runner.abort(job.id, 'The browser no longer lets WebBITS reach the site');
    quietly(changed);
    return true;
  }
}
