/**
 * Keeps the background alive while transfers run, and only then (platform-notes.md): a trivial
 * extension API call about every 25 s resets Chrome's idle timer, and the system is kept awake.
 */
export interface KeepAliveDeps {
  ping(): Promise<unknown>;
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
  keepAwake?(): void;
  releaseKeepAwake?(): void;
  intervalMs?: number;
}

export const KEEP_ALIVE_INTERVAL_MS = 25_000;

export interface KeepAlive {
  setActive(active: boolean): void;
  readonly active: boolean;
}

export function createKeepAlive(deps: KeepAliveDeps): KeepAlive {
  let handle: unknown = null;
  return {
    get active() {
      return handle !== null;
    },
    setActive(active) {
      if (active && handle === null) {
        handle = deps.setInterval(
          () => void deps.ping().catch(() => undefined),
          deps.intervalMs ?? KEEP_ALIVE_INTERVAL_MS,
        );
        deps.keepAwake?.();
      } else if (!active && handle !== null) {
        deps.clearInterval(handle);
        handle = null;
        deps.releaseKeepAwake?.();
      }
    },
  };
}
