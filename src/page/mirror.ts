/**
 * The page's copy of its origin's WMP collections and their jobs, kept current by pushes, so that
 * the synchronous WMP objects can answer at once.
 */
import type { JobInfo } from '../engine/types';
import type { MirrorCollection, PagePush } from '../shared/page-protocol';

export class Mirror {
  readonly jobs = new Map<string, JobInfo>();
  readonly collections = new Map<number, string[]>();

  apply(push: PagePush): void {
    switch (push.kind) {
      case 'mirror':
        this.#setCollections(push.collections);
        for (const job of push.jobs) this.applyJob(job);
        break;
      case 'collections':
        this.#setCollections(push.collections);
        break;
      case 'jobchange':
        this.applyJob(push.job);
        break;
      case 'jobremoved':
        this.jobs.delete(push.id);
        break;
    }
  }

  /** A snapshot may be older than a change pushed while it was made: the newer one stays. */
  applyJob(job: JobInfo): void {
    const known = this.jobs.get(job.id);
    if (!known || job.times.modified >= known.times.modified) this.jobs.set(job.id, job);
  }

  #setCollections(collections: MirrorCollection[]): void {
    this.collections.clear();
    for (const c of collections) this.collections.set(c.id, c.jobIds);
  }
}
