/**
 * User Timing marks for how fast the popup shows its jobs: the end-to-end tests read them to check
 * that a thousand jobs open in under 300 ms, and they show up in the browser's performance panel.
 */
export const SNAPSHOT_MARK = 'webbits:jobs-snapshot';
export const FIRST_ROWS_MARK = 'webbits:first-rows';
export const ALL_ROWS_MARK = 'webbits:all-rows';

export function markOnce(name: string): void {
  const timing = globalThis.performance;
  if (timing && typeof timing.mark === 'function' && timing.getEntriesByName(name, 'mark').length === 0)
    timing.mark(name);
}
