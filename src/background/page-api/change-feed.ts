/**
 * Which job changes reach pages, and when: a state change (or a new job) at once, progress at most
 * every `intervalMs` per job, the latest progress always delivered in the end (trailing edge).
 */
import type { JobChangeKind } from '../../engine/ports';
import type { JobInfo } from '../../engine/types';

export interface ChangeFeedDeps {
  intervalMs: number;
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  emit(info: JobInfo): void;
  emitRemoved(owner: string, id: string): void;
}

export interface ChangeFeed {
  push(info: JobInfo, kind: JobChangeKind): void;
}

export function createChangeFeed(deps: ChangeFeedDeps): ChangeFeed {
  const lastSent = new Map<string, number>();
  const pending = new Map<string, { info: JobInfo; timer: unknown }>();

  const send = (info: JobInfo): void => {
    const waiting = pending.get(info.id);
    if (waiting) deps.clearTimeout(waiting.timer);
    pending.delete(info.id);
    lastSent.set(info.id, deps.now());
    deps.emit(info);
  };

  return {
    push(info, kind) {
      if (kind === 'removed') {
        const waiting = pending.get(info.id);
        if (waiting) deps.clearTimeout(waiting.timer);
        pending.delete(info.id);
        lastSent.delete(info.id);
        deps.emitRemoved(info.owner, info.id);
        return;
      }
      if (kind !== 'progress') return send(info);
      const waiting = pending.get(info.id);
      if (waiting) {
        waiting.info = info;
        return;
      }
      const due = (lastSent.get(info.id) ?? -Infinity) + deps.intervalMs;
      const now = deps.now();
      if (now >= due) return send(info);
      const entry = { info, timer: undefined as unknown };
      entry.timer = deps.setTimeout(() => send(entry.info), due - now);
      pending.set(info.id, entry);
    },
  };
}
