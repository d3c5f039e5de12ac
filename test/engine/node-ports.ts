/**
 * EnginePorts for Node: real fetch, clock, timers and randomness, a given store, and a saver that
 * writes under a folder standing for Downloads. Tests, the demo and the benchmarks share it.
 */
import { randomInt, randomUUID } from 'node:crypto';
import type { EnginePorts, FileSaver, JobStore } from '../../src/engine/ports';

export interface NodePortsOptions {
  /** Added to the real time: lets a test skip a retry delay without waiting for it. */
  clockOffset?: () => number;
}

export function nodePorts(store: JobStore, saver: FileSaver, options: NodePortsOptions = {}): EnginePorts {
  const offset = options.clockOffset ?? (() => 0);
  return {
    fetch: (url, init) => fetch(url, init),
    clock: { now: () => Date.now() + offset() },
    timers: {
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
    },
    random: { uuid: () => randomUUID(), int32: () => randomInt(1, 2 ** 31 - 1) },
    store,
    saver,
  };
}
