/**
 * Whether the engine host's connection is metered (job-model.md, "Scheduling"), from the Network
 * Information API where the browser has it: `saveData` (the person asked to save data) or
 * `type === 'cellular'`. Chromium exposes `navigator.connection` in workers; Firefox does not, so
 * there nothing is ever metered. Tests set the answer with `setOverride`.
 */
import type { NetworkCostPort } from '../engine/ports';

interface NetworkInformationLike extends EventTarget {
  saveData?: boolean;
  type?: string;
}

export interface NetworkCost {
  port: NetworkCostPort;
  /** true/false replaces what the browser says; null goes back to it. */
  setOverride(metered: boolean | null): void;
}

export function createNetworkCost(navigatorLike: { connection?: unknown }): NetworkCost {
  const connection = navigatorLike.connection as NetworkInformationLike | undefined;
  const listeners = new Set<() => void>();
  let override: boolean | null = null;
  const notify = (): void => {
    for (const listener of listeners) listener();
  };
  connection?.addEventListener?.('change', notify);
  return {
    port: {
      isMetered: () => override ?? (connection?.saveData === true || connection?.type === 'cellular'),
      onChange(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
    setOverride(metered) {
      override = metered;
      notify();
    },
  };
}
