/**
 * Fairness between origins: each origin's calls run at most `concurrency` at a time, and at most
 * `maxQueued` wait behind them. A page that floods the API fills only its own queue and gets a
 * clear error at once for what does not fit; other origins' calls never wait behind it.
 */
export interface OriginGate {
  run<T>(origin: string, work: () => Promise<T>): Promise<T>;
}

export interface OriginGateOptions {
  concurrency: number;
  maxQueued: number;
}

export function createOriginGate({ concurrency, maxQueued }: OriginGateOptions): OriginGate {
  const lanes = new Map<string, { running: number; waiting: Array<() => void> }>();
  return {
    async run(origin, work) {
      let lane = lanes.get(origin);
      if (!lane) lanes.set(origin, (lane = { running: 0, waiting: [] }));
      if (lane.running >= concurrency) {
        if (lane.waiting.length >= maxQueued) {
          const error = new Error(
            `too many calls in progress from ${origin} (${maxQueued} waiting); wait for earlier calls to finish`,
          );
          error.name = 'QuotaExceededError';
          throw error;
        }
        await new Promise<void>((resolve) => lane.waiting.push(resolve));
      } else {
        lane.running += 1;
      }
      try {
        return await work();
      } finally {
        // Hand the slot straight to the next waiter, or give it back.
        const next = lane.waiting.shift();
        if (next) next();
        else if (--lane.running === 0) lanes.delete(origin);
      }
    },
  };
}
