import { describe, expect, it } from 'vitest';
import { planRun, type PlanJob } from './scheduler';
import type { Priority } from '../types';

const SLICE = { timeSliceMs: 60_000 };
const TWO = { backgroundJobs: 2 };

let seq = 0;
function job(id: string, priority: Priority, queuedAt = 0, state: PlanJob['state'] = 'QUEUED'): PlanJob {
  return { id, priority, queuedAt, seq: seq++, state };
}
const runningJob = (id: string, priority: Priority) => job(id, priority, 0, 'TRANSFERRING');

describe('planRun', () => {
  it('starts background jobs up to backgroundJobs, oldest queued first', () => {
    const jobs = [job('c', 'normal', 30), job('a', 'normal', 10), job('b', 'normal', 20)];
    expect(planRun(jobs, new Map(), TWO, 0, SLICE)).toEqual({
      start: ['a', 'b'],
      stop: [],
      nextCheckAt: 60_000,
    });
  });

  it('breaks queuedAt ties by creation order', () => {
    const jobs = [job('first', 'normal', 5), job('second', 'normal', 5)];
    expect(planRun(jobs, new Map(), { backgroundJobs: 1 }, 0, SLICE).start).toEqual(['first']);
  });

  it('ignores jobs that are not queued', () => {
    const jobs = [
      job('s', 'normal', 0, 'SUSPENDED'),
      job('e', 'high', 0, 'ERROR'),
      job('t', 'low', 0, 'TRANSFERRED'),
    ];
    expect(planRun(jobs, new Map(), TWO, 0, SLICE)).toEqual({ start: [], stop: [], nextCheckAt: null });
  });

  it('runs every foreground job at once, up to 6, and never slices them', () => {
    const jobs = Array.from({ length: 8 }, (_, i) => job(`f${i}`, 'foreground', i));
    const plan = planRun(jobs, new Map(), TWO, 0, SLICE);
    expect(plan.start).toEqual(['f0', 'f1', 'f2', 'f3', 'f4', 'f5']);
    expect(plan.nextCheckAt).toBeNull();
    const later = planRun(
      jobs.map((j, i) => (i < 6 ? { ...j, state: 'TRANSFERRING' as const } : j)),
      new Map(jobs.slice(0, 6).map((j) => [j.id, 0])),
      TWO,
      10 * 60_000,
      SLICE,
    );
    expect(later).toEqual({ start: [], stop: [], nextCheckAt: null });
  });

  it('pre-empts background jobs while a foreground job can run', () => {
    const jobs = [runningJob('bg', 'high'), job('fg', 'foreground', 5)];
    expect(planRun(jobs, new Map([['bg', 0]]), TWO, 1000, SLICE)).toEqual({
      start: ['fg'],
      stop: [{ id: 'bg', reason: 'preempted' }],
      nextCheckAt: null,
    });
  });

  it('gives lower background levels no time while a higher one can run', () => {
    const jobs = [runningJob('low', 'low'), runningJob('normal', 'normal'), job('high', 'high', 5)];
    const plan = planRun(
      jobs,
      new Map([
        ['low', 0],
        ['normal', 0],
      ]),
      TWO,
      1000,
      SLICE,
    );
    expect(plan.start).toEqual(['high']);
    expect(plan.stop).toEqual(
      expect.arrayContaining([
        { id: 'low', reason: 'preempted' },
        { id: 'normal', reason: 'preempted' },
      ]),
    );
    expect(plan.stop).toHaveLength(2);
  });

  it('lets lower levels run again once the higher ones are gone', () => {
    const jobs = [job('low', 'low', 0), job('normal', 'normal', 9)];
    expect(planRun(jobs, new Map(), TWO, 0, SLICE).start).toEqual(['normal']);
  });

  it('round-robins within a level: a finished slice yields to the longest waiting job', () => {
    const jobs = [
      runningJob('a', 'normal'),
      runningJob('b', 'normal'),
      job('c', 'normal', 1),
      job('d', 'normal', 2),
    ];
    const running = new Map([
      ['a', 0],
      ['b', 30_000],
    ]);
    const early = planRun(jobs, running, TWO, 59_999, SLICE);
    expect(early).toEqual({ start: [], stop: [], nextCheckAt: 60_000 });

    const due = planRun(jobs, running, TWO, 60_000, SLICE);
    expect(due.stop).toEqual([{ id: 'a', reason: 'slice-over' }]);
    expect(due.start).toEqual(['c']);
    expect(due.nextCheckAt).toBe(90_000);
  });

  it('keeps a job past its slice when nobody of its level waits', () => {
    const jobs = [runningJob('a', 'normal'), job('low', 'low', 0)];
    expect(planRun(jobs, new Map([['a', 0]]), TWO, 10 * 60_000, SLICE)).toEqual({
      start: [],
      stop: [],
      nextCheckAt: null,
    });
  });

  it('stops the most used-up jobs when backgroundJobs is lowered', () => {
    const jobs = [runningJob('a', 'normal'), runningJob('b', 'normal')];
    const plan = planRun(
      jobs,
      new Map([
        ['a', 0],
        ['b', 5000],
      ]),
      { backgroundJobs: 1 },
      6000,
      SLICE,
    );
    expect(plan.stop).toEqual([{ id: 'a', reason: 'slice-over' }]);
    expect(plan.start).toEqual([]);
  });

  it('fills new slots at once when backgroundJobs is raised', () => {
    const jobs = [runningJob('a', 'normal'), job('b', 'normal', 1), job('c', 'normal', 2)];
    const plan = planRun(jobs, new Map([['a', 0]]), { backgroundJobs: 3 }, 1000, SLICE);
    expect(plan).toEqual({ start: ['b', 'c'], stop: [], nextCheckAt: null });
  });
});
