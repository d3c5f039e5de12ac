/**
 * Keeps the background alive while transfers run, and only then (platform-notes.md): Chrome's
 * service worker and Firefox's background page are both stopped after 30 s without an event or an
 * extension API call. On Firefox nothing else counts while a transfer runs: the engine host's
 * events (progress, 'active') come from the page's own worker, neither events nor API calls, and
 * the page measured here was stopped mid-transfer one idle time after the last call. So a trivial
 * extension API call resets the idle timer at once when transfers start (a retry the host's own
 * timer starts may come when the idle time is nearly over), then every 20 s, well below the 30 s;
 * and the system is kept awake.
 */
export interface KeepAliveDeps {
  ping(): Promise<unknown>;
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
  keepAwake?(): void;
  releaseKeepAwake?(): void;
  intervalMs?: number;
}

export const KEEP_ALIVE_INTERVAL_MS = 20_000;

export interface KeepAlive {
  setActive(active: boolean): void;
  readonly active: boolean;
  /**
   * Pings every `ms` from now on (end-to-end tests, whose browser stops an idle background sooner
   * than 30 s); restarts the pings if they run.
   */
  setIntervalMs(ms: number): void;
}

export function createKeepAlive(deps: KeepAliveDeps): KeepAlive {
  let handle: unknown = null;
  let intervalMs = deps.intervalMs ?? KEEP_ALIVE_INTERVAL_MS;
  const ping = (): void => void deps.ping().catch(() => undefined);
  const startPings = (): void => {
    ping();
    handle = deps.setInterval(ping, intervalMs);
  };
  return {
    get active() {
      return handle !== null;
    },
    setActive(active) {
      if (active && handle === null) {
        startPings();
        deps.keepAwake?.();
      } else if (!active && handle !== null) {
        deps.clearInterval(handle);
        handle = null;
        deps.releaseKeepAwake?.();
      }
    },
    setIntervalMs(ms) {
      intervalMs = ms;
      if (handle === null) return;
      deps.clearInterval(handle);
      startPings();
    },
  };
}
