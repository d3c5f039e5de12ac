import { describe, expect, it } from 'vitest';
import { FaultPlan } from './fault-plan';
import type { Fault } from './types';

describe('FaultPlan', () => {
  it('hands out queued faults in order, one per request, per path', () => {
    const plan = new FaultPlan();
    plan.queue('/a', [{ kind: 'reset', afterBytes: 5 }, { kind: 'change' }]);
    expect(plan.next('/b', 100)).toBeNull();
    expect(plan.next('/a', 100)).toEqual({ kind: 'reset', afterBytes: 5 });
    expect(plan.next('/a', 100)).toEqual({ kind: 'change' });
    expect(plan.next('/a', 100)).toBeNull();
  });

  it('replays the same random faults for the same seed, never more than max', () => {
    const draw = (): Array<Fault | null> => {
      const plan = new FaultPlan();
      plan.setRandom('/a', {
        probability: 0.5,
        kinds: ['reset', 'stall', 'status', 'short-body', 'redirect'],
        max: 6,
        seed: 99,
      });
      return Array.from({ length: 40 }, () => plan.next('/a', 1000));
    };
    const first = draw();
    expect(draw()).toEqual(first);
    expect(first.filter((fault) => fault !== null)).toHaveLength(6);
    for (const fault of first) {
      if (fault?.kind === 'reset' || fault?.kind === 'stall') expect(fault.afterBytes).toBeLessThan(1000);
      if (fault?.kind === 'short-body') expect(fault.missingBytes).toBeGreaterThanOrEqual(1);
      if (fault?.kind === 'status') expect([429, 500, 502, 503]).toContain(fault.status);
    }
  });

  it('serves queued faults before random ones, and clear drops both', () => {
    const plan = new FaultPlan();
    plan.setRandom('/a', { probability: 1, kinds: ['ignore-range'], max: 10, seed: 1 });
    plan.queue('/a', [{ kind: 'redirect', hops: 2 }]);
    expect(plan.next('/a', 10)).toEqual({ kind: 'redirect', hops: 2 });
    expect(plan.next('/a', 10)).toEqual({ kind: 'ignore-range' });
    plan.clear();
    expect(plan.next('/a', 10)).toBeNull();
  });

  it('keeps a body fault queued for the next GET when a HEAD comes first', () => {
    const plan = new FaultPlan();
    plan.queue('/a', [
      { kind: 'stall', afterBytes: 0 },
      { kind: 'status', status: 500 },
    ]);
    expect(plan.next('/a', 10, false)).toBeNull();
    expect(plan.next('/a', 10)).toEqual({ kind: 'stall', afterBytes: 0 });
    expect(plan.next('/a', 10, false)).toEqual({ kind: 'status', status: 500 });
  });
});
