/**
 * Fan-out of job changes to subscribers: 'state' and the rest at once, 'progress' at most every
 * `intervalMs` per job, so a page or the popup is not flooded while bytes stream in. A progress
 * change that falls inside the window is not lost: it is sent when the window ends (one timer per
 * job, only while such a change waits), so a transfer that slows down still shows its last bytes.
 */
import type { Clock, JobChangeKind, JobChangeListener, TimerHandle, Timers } from '../ports';
import type { JobInfo } from '../types';

export class JobEvents {
  private readonly listeners = new Set<JobChangeListener>();
  private readonly lastProgressAt = new Map<string, number>();
  /** Jobs whose latest progress waits for the end of their window. */
  private readonly trailing = new Map<string, { timer: TimerHandle; info: () => JobInfo }>();

  constructor(
    private readonly clock: Clock,
    private readonly timers: Timers,
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
      if (last !== undefined && now - last < this.intervalMs) {
        this.deferProgress(id, info, last + this.intervalMs - now);
        return;
      }
      this.lastProgressAt.set(id, now);
    } else {
      // Any other event carries the job's latest numbers: a waiting progress event is stale.
      this.cancelTrailing(id);
    }
    if (kind === 'removed') this.lastProgressAt.delete(id);
    this.send(kind, info);
  }

  private deferProgress(id: string, info: () => JobInfo, delayMs: number): void {
    const waiting = this.trailing.get(id);
    if (waiting) {
      waiting.info = info;
      return;
    }
    const timer = this.timers.setTimeout(() => {
      const entry = this.trailing.get(id);
      this.trailing.delete(id);
      if (!entry) return;
      this.lastProgressAt.set(id, this.clock.now());
      this.send('progress', entry.info);
    }, delayMs);
    this.trailing.set(id, { timer, info });
  }

  private cancelTrailing(id: string): void {
    const waiting = this.trailing.get(id);
    if (!waiting) return;
    this.timers.clearTimeout(waiting.timer);
    this.trailing.delete(id);
  }

  private send(kind: JobChangeKind, info: () => JobInfo): void {
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
