/**
 * The engine's side of cost policies (cost-policy.ts has the rule): before each scheduling pass it
 * marks the QUEUED jobs that must wait (error BG_E_BLOCKED_BY_COST_TRANSFER_POLICY, still
 * QUEUED), stops running ones that must wait now (bytes kept), and clears the mark of the jobs that
 * may go on. The network port says when to look again.
 */
import type { JobRecord, NetworkCostPort } from '../ports';
import type { Settings } from '../types';
import { costPolicyError, heldByCost, waitsForCost } from './cost-policy';
import type { JobRecords } from './job-records';
import { quietly, type JobRunner } from './job-runner';

export class CostPolicyGate {
  constructor(
    private readonly records: JobRecords,
    private readonly runner: JobRunner,
    private readonly network: NetworkCostPort | undefined,
    private readonly settings: () => Settings,
  ) {}

  /** Calls `onChange` whenever the connection's cost may have changed; returns the unsubscribe. */
  watch(onChange: () => void): () => void {
    return this.network?.onChange(onChange) ?? (() => undefined);
  }

  /** The ids of the jobs that must not start now, after marking, stopping and clearing. */
  review(): Set<string> {
    const metered = this.network?.isMetered() ?? false;
    const settings = this.settings();
    const held = new Set<string>();
    for (const job of this.records.all()) {
      const holds = heldByCost(job, metered, settings);
      if (holds) held.add(job.id);
      if (holds && (job.state === 'CONNECTING' || job.state === 'TRANSFERRING')) this.stop(job);
      else if (holds && job.state === 'QUEUED' && !waitsForCost(job))
        quietly(this.records.change(job, { error: costPolicyError() }));
      else if (!holds && job.state === 'QUEUED' && waitsForCost(job))
        quietly(this.records.change(job, { error: null }));
    }
    return held;
  }

  private stop(job: JobRecord): void {
    if (this.runner.isWindingDown(job.id)) return;
    this.runner.abort(job.id, 'The connection is metered');
    // It keeps its place in line for when the connection is unmetered again.
    quietly(this.records.transition(job, 'yield', { error: costPolicyError() }));
  }
}
