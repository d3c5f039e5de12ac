/**
 * When jobs run: the loop that re-plans after every change (scheduler.ts decides, this applies
 * it), wakes for what falls due (retries, retry windows, retention of final jobs) and tells the
 * host whether any transfer is active.
 */
import type { EnginePorts, EngineTuning, JobRecord } from '../ports';
import { isFinal, type Settings } from '../types';
import type { Aria2Jobs } from './aria2-jobs';
import type { CostPolicyGate } from './cost-policy-gate';
import { FINAL_JOB_RETENTION_MS } from './engine-tuning';
import { transientDue, transientWakeAt } from './failure-outcome';
import type { JobRecords } from './job-records';
import { quietly, type JobRunner } from './job-runner';
import { planRun, type StopOrder } from './scheduler';
import type { SiteAccessGate } from './site-access-gate';
import { WakeTimer } from './wake-timer';

export interface SchedulingDeps {
  ports: EnginePorts;
  records: JobRecords;
  runner: JobRunner;
  tuning: EngineTuning;
  settings(): Settings;
  costPolicy: CostPolicyGate;
  siteAccess: SiteAccessGate;
  aria2: Aria2Jobs;
  /** A job the plan leaves alone for now: being saved, or on its way to aria2. */
  busy(id: string): boolean;
  /** Drops a final job whose retention ended. */
  forget(job: JobRecord): Promise<void>;
  /** The engine has loaded and is not stopped: before and after, nothing is planned. */
  live(): boolean;
}

export class SchedulingLoop {
  private readonly wakeTimer: WakeTimer;
  private active = false;

  constructor(private readonly deps: SchedulingDeps) {
    const { clock, timers, onWakeAt } = deps.ports;
    this.wakeTimer = new WakeTimer(clock, timers, () => this.tick(), onWakeAt?.bind(deps.ports));
  }

  /** Re-evaluates what is due now (retries, retry windows, retention), then re-plans. */
  tick(): void {
    const { records, aria2 } = this.deps;
    if (!this.deps.live()) return;
    const now = this.now();
    for (const job of records.all()) {
      if (isFinal(job.state) && now - job.modified >= FINAL_JOB_RETENTION_MS) {
        quietly(this.deps.forget(job));
      } else if (job.state === 'TRANSIENT_ERROR') {
        const due = transientDue(job, now);
        if (due === 'retry') quietly(records.transition(job, 'retry-due', { retryAt: null, queuedAt: now }));
        // The retry window closed while waiting: ERROR, keeping the last error.
        if (due === 'give-up') quietly(records.transition(job, 'no-progress-timeout', { retryAt: null }));
      }
    }
    aria2.kick();
    this.schedule();
  }

  schedule(): void {
    const { records, runner, costPolicy, siteAccess } = this.deps;
    if (!this.deps.live()) return;
    const now = this.now();
    const held = costPolicy.review();
    // Jobs in aria2 never take a transfer slot (aria2-jobs.ts).
    const candidates = records
      .all()
      .filter(
        (j) => j.aria2 === null && !this.deps.busy(j.id) && !runner.isWindingDown(j.id) && !held.has(j.id),
      );
    const plan = planRun(candidates, runner.running(), this.deps.settings(), now, this.deps.tuning);
    for (const order of plan.stop) this.yieldRun(order);
    for (const id of plan.start) {
      const job = records.get(id);
      if (job && !siteAccess.stopIfBlocked(job)) runner.start(job);
    }

    let due = plan.nextCheckAt;
    for (const job of records.all()) {
      if (job.state === 'TRANSIENT_ERROR') due = Math.min(due ?? Infinity, transientWakeAt(job, now));
    }
    this.wakeTimer.arm(due);
    this.updateActive();
  }

  /** The engine stops: no wake-up is left armed. */
  stop(): void {
    this.wakeTimer.clear();
  }

  /** Tells the host when the first transfer starts and when the last one ends. */
  updateActive(): void {
    const active = this.deps.runner.size > 0;
    if (active === this.active) return;
    this.active = active;
    this.deps.ports.onActiveChange?.(active);
  }

  private yieldRun(order: StopOrder): void {
    const { records, runner } = this.deps;
    const job = records.get(order.id);
    if (!job) return;
    runner.abort(
      order.id,
      order.reason === 'preempted' ? 'A higher priority job runs' : 'The time slice ended',
    );
    // A pre-empted job keeps its place in line; one whose turn ended goes to the back.
    const queuedAt = order.reason === 'slice-over' ? this.now() : job.queuedAt;
    quietly(records.transition(job, 'yield', { queuedAt }));
  }

  private now(): number {
    return this.deps.ports.clock.now();
  }
}
