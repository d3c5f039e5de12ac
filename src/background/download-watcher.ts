/**
 * Waits for a browser download to finish. downloads.onChanged is registered once at the top of the
 * background (every listener is, so a wake-up never misses one); this turns its events into
 * promises per download id, and remembers outcomes that arrive before anyone waits for them.
 */
export interface DownloadDelta {
  id: number;
  state?: { current?: string };
  error?: { current?: string };
  filename?: { current?: string };
}

/** `filename`: the absolute path the browser reported on the way, when it did. */
export type DownloadOutcome =
  { state: 'complete'; filename?: string } | { state: 'interrupted'; error: string };

export class DownloadWatcher {
  private readonly waiting = new Map<number, (outcome: DownloadOutcome) => void>();
  private readonly early = new Map<number, DownloadOutcome>();
  /** Paths reported while downloads run, until they finish (then the outcome carries them). */
  private readonly filenames = new Map<number, string>();

  /** The downloads.onChanged listener. */
  readonly onChanged = (delta: DownloadDelta): void => {
    if (delta.filename?.current) this.filenames.set(delta.id, delta.filename.current);
    let outcome = outcomeOf(delta);
    if (!outcome) return;
    const filename = this.filenames.get(delta.id);
    this.filenames.delete(delta.id);
    if (outcome.state === 'complete' && filename) outcome = { ...outcome, filename };
    const resolve = this.waiting.get(delta.id);
    if (resolve) {
      this.waiting.delete(delta.id);
      resolve(outcome);
    } else {
      this.early.set(delta.id, outcome);
    }
  };

  /** Resolves when the download completes or is interrupted. `current` covers a finish before the wait. */
  wait(id: number, current?: () => Promise<DownloadOutcome | null>): Promise<DownloadOutcome> {
    const known = this.early.get(id);
    if (known) {
      this.early.delete(id);
      return Promise.resolve(known);
    }
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      void current?.().then((outcome) => {
        if (outcome && this.waiting.get(id) === resolve) {
          this.waiting.delete(id);
          resolve(outcome);
        }
      });
    });
  }
}

export function outcomeOf(delta: DownloadDelta): DownloadOutcome | null {
  if (delta.state?.current === 'complete') return { state: 'complete' };
  if (delta.state?.current === 'interrupted')
    return { state: 'interrupted', error: delta.error?.current ?? 'FAILED' };
  return null;
}
