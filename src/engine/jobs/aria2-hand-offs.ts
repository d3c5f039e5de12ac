/**
 * Handing a job to aria2 (job-model.md "Hand-off to aria2"): its transfer in the browser stops,
 * then aria2-jobs.ts adds the download; if aria2 refuses, the job carries on in the browser.
 */
import { BitsError } from '../bits-codes';
import type { JobRecord } from '../ports';
import { checkHandOff } from './aria2-hand-off-check';
import type { Aria2Jobs } from './aria2-jobs';
import type { JobRecords } from './job-records';
import { quietly, type JobRunner } from './job-runner';

export interface HandOffDeps {
  records: JobRecords;
  runner: JobRunner;
  aria2: Aria2Jobs;
  schedule(): void;
}

export class Aria2HandOffs {
  private readonly handingOff = new Set<string>();

  constructor(private readonly deps: HandOffDeps) {}

  /** On its way to aria2: the scheduler leaves it alone. */
  isHandingOff(id: string): boolean {
    return this.handingOff.has(id);
  }

  async handOff(job: JobRecord, cookie: string | null): Promise<void> {
    const { records, runner, aria2 } = this.deps;
    checkHandOff(job);
    // A second click while the first addUri is on its way must not make a second download.
    if (this.handingOff.has(job.id)) throw new BitsError('BG_E_INVALID_STATE', 'handOff: already on its way');
    this.handingOff.add(job.id);
    try {
      // Its transfer stops first, so that no byte is written after the data is dropped.
      const run = runner.abort(job.id, 'The job is handed to aria2');
      await run?.done;
      try {
        await aria2.handOff(job, cookie);
      } catch (error) {
        // Not handed off: the job carries on in the browser.
        if (run) quietly(records.transition(job, 'yield'));
        throw error;
      }
    } finally {
      this.handingOff.delete(job.id);
      this.deps.schedule();
    }
  }
}
