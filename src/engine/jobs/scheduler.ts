/**
 * Which jobs run now (job-model.md "Scheduling"). Pure: given the jobs, the ones running and since
 * when, it says which to start and which to stop; the engine carries it out.
 *
 * - foreground jobs all run at once (at most 6), and while any foreground job can run no background
 *   job gets transfer time;
 * - background levels are strict: only the highest level with a runnable job runs;
 * - at most `backgroundJobs` background jobs at once; within the level, jobs take turns in slices
 *   of `timeSliceMs`, oldest waiting first (queuedAt, then seq).
 */
import type { EngineTuning, JobRecord } from '../ports';
import type { Priority, Settings } from '../types';

export const FOREGROUND_CAP = 6;

export type PlanJob = Pick<JobRecord, 'id' | 'state' | 'priority' | 'queuedAt' | 'seq'>;

export interface StopOrder {
  id: string;
  /** `preempted`: a higher priority needs the slot; `slice-over`: its turn ended and another waits. */
  reason: 'preempted' | 'slice-over';
}

export interface RunPlan {
  start: string[];
  stop: StopOrder[];
  /** When a running job's slice ends while others of its level wait; null if no turn is due. */
  nextCheckAt: number | null;
}

const BACKGROUND_LEVELS: Priority[] = ['high', 'normal', 'low'];

const byWaitingOrder = (a: PlanJob, b: PlanJob): number => a.queuedAt - b.queuedAt || a.seq - b.seq;

/**
 * @param jobs every job the engine knows (only QUEUED ones and running ones matter)
 * @param running id → when its current slice began, for the jobs holding a slot now
 */
export function planRun(
  jobs: readonly PlanJob[],
  running: ReadonlyMap<string, number>,
  settings: Pick<Settings, 'backgroundJobs'>,
  now: number,
  tuning: Pick<EngineTuning, 'timeSliceMs'>,
): RunPlan {
  const plan: RunPlan = { start: [], stop: [], nextCheckAt: null };
  const active = jobs.filter((j) => running.has(j.id));
  const waiting = jobs.filter((j) => j.state === 'QUEUED' && !running.has(j.id)).sort(byWaitingOrder);
  const sliceStart = (j: PlanJob): number => running.get(j.id) ?? now;

  const foreground = (list: PlanJob[]) => list.filter((j) => j.priority === 'foreground');
  const runningForeground = foreground(active).sort((a, b) => sliceStart(a) - sliceStart(b) || a.seq - b.seq);
  const waitingForeground = foreground(waiting);
  // Foreground jobs keep their slot until they finish; a cap lowered under them stops the newest.
  for (const job of runningForeground.slice(FOREGROUND_CAP))
    plan.stop.push({ id: job.id, reason: 'preempted' });
  const freeForeground = FOREGROUND_CAP - Math.min(runningForeground.length, FOREGROUND_CAP);
  plan.start.push(...waitingForeground.slice(0, freeForeground).map((j) => j.id));

  const background = active.filter((j) => j.priority !== 'foreground');
  if (runningForeground.length > 0 || waitingForeground.length > 0) {
    for (const job of background) plan.stop.push({ id: job.id, reason: 'preempted' });
    return plan;
  }

  const level = BACKGROUND_LEVELS.find(
    (p) => background.some((j) => j.priority === p) || waiting.some((j) => j.priority === p),
  );
  if (level === undefined) return plan;
  for (const job of background.filter((j) => j.priority !== level))
    plan.stop.push({ id: job.id, reason: 'preempted' });

  const slots = Math.max(1, settings.backgroundJobs);
  const mine = background
    .filter((j) => j.priority === level)
    .sort((a, b) => sliceStart(a) - sliceStart(b) || a.seq - b.seq);
  const queue = waiting.filter((j) => j.priority === level);
  const sliceOver = (j: PlanJob) => now - sliceStart(j) >= tuning.timeSliceMs;

  // Fewer slots than running jobs (the setting was lowered): the ones whose turn is most used up yield.
  let keep = mine;
  if (keep.length > slots) {
    for (const job of keep.slice(0, keep.length - slots))
      plan.stop.push({ id: job.id, reason: 'slice-over' });
    keep = keep.slice(keep.length - slots);
  }
  // Free slots first, then each job whose slice is over hands its slot to the longest waiting.
  const pending = [...queue];
  for (let free = slots - keep.length; free > 0 && pending.length > 0; free--) {
    plan.start.push(pending.shift()?.id ?? '');
  }
  for (const job of keep) {
    const successor = sliceOver(job) ? pending.shift() : undefined;
    if (!successor) continue;
    plan.stop.push({ id: job.id, reason: 'slice-over' });
    plan.start.push(successor.id);
  }
  if (pending.length > 0) {
    // Someone still waits: the next turn is due when the earliest remaining slice ends.
    const ends = keep
      .filter((j) => !plan.stop.some((s) => s.id === j.id))
      .map((j) => sliceStart(j) + tuning.timeSliceMs);
    const newcomers = plan.start.length > 0 ? [now + tuning.timeSliceMs] : [];
    const all = [...ends, ...newcomers];
    plan.nextCheckAt = all.length > 0 ? Math.min(...all) : null;
  }
  return plan;
}
