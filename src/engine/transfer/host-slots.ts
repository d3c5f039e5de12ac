/**
 * At most N open connections per host across every job (job-model.md: 8). Waiters are served
 * first come, first served; an aborted waiter leaves the queue without taking a slot.
 */
import type { HostSlots } from './transfer-types';

interface Waiter {
  grant(release: () => void): void;
}

interface HostQueue {
  open: number;
  waiters: Waiter[];
}

export function createHostSlots(maxPerHost = 8): HostSlots {
  const hosts = new Map<string, HostQueue>();

  function releaser(host: string, queue: HostQueue): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = queue.waiters.shift();
      if (next) {
        next.grant(releaser(host, queue));
        return;
      }
      queue.open--;
      if (queue.open === 0) hosts.delete(host);
    };
  }

  return {
    acquire(host, signal) {
      if (signal.aborted) return Promise.reject(signal.reason);
      let queue = hosts.get(host);
      if (!queue) {
        queue = { open: 0, waiters: [] };
        hosts.set(host, queue);
      }
      if (queue.open < maxPerHost) {
        queue.open++;
        return Promise.resolve(releaser(host, queue));
      }
      const waiting = queue;
      return new Promise((resolve, reject) => {
        const onAbort = () => {
          const index = waiting.waiters.indexOf(waiter);
          if (index >= 0) waiting.waiters.splice(index, 1);
          reject(signal.reason);
        };
        const waiter: Waiter = {
          grant(release) {
            signal.removeEventListener('abort', onAbort);
            resolve(release);
          },
        };
        waiting.waiters.push(waiter);
        signal.addEventListener('abort', onAbort, { once: true });
      });
    },
  };
}
