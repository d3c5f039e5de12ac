/**
 * One timer for whatever the engine must do next (a retry, the end of a time slice), re-armed
 * after every change. Nothing is armed while nothing is due, so the service worker can sleep; the
 * host hears the same time through onWakeAt, to arm an alarm that survives the worker.
 */
import type { Clock, TimerHandle, Timers } from '../ports';

export class WakeTimer {
  private handle: TimerHandle | null = null;
  private armedAt: number | null = null;
  private reportedAt: number | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly timers: Timers,
    private readonly fire: () => void,
    private readonly onWakeAt?: (at: number | null) => void,
  ) {}

  arm(due: number | null): void {
    if (due !== this.armedAt) {
      this.clear();
      if (due !== null) {
        this.armedAt = due;
        this.handle = this.timers.setTimeout(
          () => {
            this.handle = null;
            this.armedAt = null;
            this.fire();
          },
          Math.max(0, due - this.clock.now()),
        );
      }
    }
    if (due !== this.reportedAt) {
      this.reportedAt = due;
      this.onWakeAt?.(due);
    }
  }

  /** Stops the in-process timer; the host's alarm (onWakeAt) is left as it was. */
  clear(): void {
    if (this.handle !== null) this.timers.clearTimeout(this.handle);
    this.handle = null;
    this.armedAt = null;
  }
}
