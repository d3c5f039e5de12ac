/**
 * The jobs of a soak run and what each must end as: a file job is ACKNOWLEDGED with the bytes of one
 * whole version of its server file (a file changed mid-transfer restarts, so the saved bytes are the
 * version current when it finished: never a mix), a job to a missing file is ERROR with
 * BG_E_HTTP_ERROR_404. `judge` is pure: it gets the final jobs and the saved files' hashes.
 */
import type { JobInfo } from '../../src/engine/types';

export type Expectation = { kind: 'file'; path: string } | { kind: 'error'; code: string };

export interface TrackedJob {
  id: string;
  expect: Expectation;
}

export interface Verdict {
  acknowledged: number;
  errors: Record<string, number>;
  /** One sentence per job that did not end as it must. */
  problems: string[];
}

/**
 * `savedSha256(job)` is the sha256 of the job's saved file (null if it is missing); `versions(path)`
 * the sha256 of every version the server had of `path`.
 */
export function judge(
  tracked: readonly TrackedJob[],
  finalJobs: readonly JobInfo[],
  savedSha256: ReadonlyMap<string, string | null>,
  versions: (path: string) => ReadonlySet<string>,
): Verdict {
  const verdict: Verdict = { acknowledged: 0, errors: {}, problems: [] };
  const byId = new Map(finalJobs.map((job) => [job.id, job]));
  for (const { id, expect } of tracked) {
    const job = byId.get(id);
    if (!job) {
      verdict.problems.push(`job ${id} is gone`);
      continue;
    }
    const name = `${job.displayName} (${id.slice(0, 8)})`;
    if (job.state === 'ERROR' && job.error)
      verdict.errors[job.error.code] = (verdict.errors[job.error.code] ?? 0) + 1;
    if (job.state === 'ACKNOWLEDGED') verdict.acknowledged++;
    if (expect.kind === 'error') {
      if (job.state !== 'ERROR' || job.error?.code !== expect.code)
        verdict.problems.push(
          `${name}: ${job.state} ${job.error?.code ?? ''}, expected ERROR ${expect.code}`,
        );
      continue;
    }
    if (job.state !== 'ACKNOWLEDGED') {
      verdict.problems.push(
        `${name}: ${job.state} ${job.error?.code ?? ''} ${job.error?.message ?? ''}`.trim(),
      );
      continue;
    }
    const saved = savedSha256.get(id) ?? null;
    if (saved === null) verdict.problems.push(`${name}: ACKNOWLEDGED but no saved file`);
    else if (!versions(expect.path).has(saved))
      verdict.problems.push(`${name}: saved bytes match no version of ${expect.path}`);
  }
  return verdict;
}

export const isSettled = (job: JobInfo): boolean => job.state === 'ACKNOWLEDGED' || job.state === 'ERROR';
