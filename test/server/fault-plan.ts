import { seededRandom } from './prng';
import type { Fault, FaultKind, RandomFaultOptions } from './types';

interface RandomPlan {
  options: RandomFaultOptions;
  random: () => number;
  used: number;
}

const BODY_FAULTS: ReadonlySet<FaultKind> = new Set(['reset', 'stall', 'short-body']);

/** Transient statuses only: a random run should recover, not fail for good. */
const RANDOM_STATUSES = [500, 502, 503, 429];

/**
 * The faults waiting for each path: queued ones are consumed first, in order, one per request;
 * then the path's random mode (if any) may draw one.
 */
export class FaultPlan {
  private readonly queued = new Map<string, Fault[]>();
  private readonly randomPlans = new Map<string, RandomPlan>();

  queue(path: string, faults: Fault[]): void {
    const list = this.queued.get(path) ?? [];
    list.push(...faults);
    this.queued.set(path, list);
  }

  setRandom(path: string, options: RandomFaultOptions): void {
    this.randomPlans.set(path, { options, random: seededRandom(options.seed), used: 0 });
  }

  clear(path?: string): void {
    if (path === undefined) {
      this.queued.clear();
      this.randomPlans.clear();
    } else {
      this.queued.delete(path);
      this.randomPlans.delete(path);
    }
  }

  /**
   * The fault for the next request to `path`; `bodyLength` sizes random byte offsets. A request
   * without a body (HEAD) leaves a body fault (reset, stall, short-body) for the next GET and
   * draws no random fault.
   */
  next(path: string, bodyLength: number, hasBody = true): Fault | null {
    const queued = this.queued.get(path);
    if (queued && queued.length > 0) {
      if (!hasBody && BODY_FAULTS.has((queued[0] as Fault).kind)) return null;
      return queued.shift() ?? null;
    }
    const plan = this.randomPlans.get(path);
    if (!hasBody || !plan || plan.used >= plan.options.max || plan.options.kinds.length === 0) return null;
    if (plan.random() >= plan.options.probability) return null;
    plan.used++;
    const kind = plan.options.kinds[Math.floor(plan.random() * plan.options.kinds.length)] as FaultKind;
    return randomFault(kind, plan.random, bodyLength);
  }
}

export function randomFault(kind: FaultKind, random: () => number, bodyLength: number): Fault {
  const someBytes = Math.floor(random() * bodyLength);
  switch (kind) {
    case 'reset':
      return { kind, afterBytes: someBytes };
    case 'stall':
      return { kind, afterBytes: someBytes };
    case 'status':
      return { kind, status: RANDOM_STATUSES[Math.floor(random() * RANDOM_STATUSES.length)] as number };
    case 'short-body':
      return { kind, missingBytes: Math.max(1, bodyLength - someBytes) };
    case 'redirect':
      return { kind, hops: 1 + Math.floor(random() * 3) };
    case 'ignore-range':
    case 'wrong-content-range':
    case 'change':
      return { kind };
  }
}
