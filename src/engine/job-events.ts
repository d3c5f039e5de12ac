/**
 * Fan-out of job changes to subscribers: 'state' and the rest at once, 'progress' at most every
 * `intervalMs` per job, so a page or the popup is not flooded while bytes stream in.
 */
import type { Clock, JobChangeKind, JobChangeListener } from './ports';
import type { JobInfo } from './types';

export class JobEvents {
  private readonly listeners = new Set<JobChangeListener>();
  private readonly lastProgressAt = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    private readonly intervalMs: number,
  ) {}

  subscribe(listener: JobChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** `info` is built only when someone listens and the event is not throttled away. */
  emit(id: string, kind: JobChangeKind, info: () => JobInfo): void {
    if (this.listeners.size === 0) return;
    if (kind === 'progress') {
      const now = this.clock.now();
      const last = this.lastProgressAt.get(id);
      if (last !== undefined && now - last < this.intervalMs) return;
      this.lastProgressAt.set(id, now);
    }
    if (kind === 'removed') this.lastProgressAt.delete(id);
    let snapshot: JobInfo;
    try {
      snapshot = info();
    } catch {
      return; // The job is gone already: nothing to tell.
    }
    for (const listener of [...this.listeners]) {
      try {
        listener(snapshot, kind);
      } catch {
        // One faulty subscriber must not stop the others or the engine.
      }
    }
  }
}
