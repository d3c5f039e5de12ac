/**
 * The popup's live view: on a `jobs` port, a snapshot of every job, then each change as the
 * engine reports it, until the page closes the port.
 */
import type { JobManager } from '../engine/ports';
import type { JobsPortMessage } from '../shared/background-api';

export interface JobsPort {
  postMessage(message: JobsPortMessage): void;
  onDisconnect: { addListener(listener: () => void): void };
}

/** Call synchronously on connect; `engine` resolves once the background has started. */
export function serveJobsPort(port: JobsPort, engine: Promise<JobManager>): void {
  let closed = false;
  let unsubscribe: (() => void) | null = null;
  port.onDisconnect.addListener(() => {
    closed = true;
    unsubscribe?.();
  });
  void engine.then((manager) => {
    if (closed) return;
    const post = (message: JobsPortMessage): void => {
      try {
        port.postMessage(message);
      } catch {
        // The page went away between the event and this message.
        closed = true;
        unsubscribe?.();
      }
    };
    post({ type: 'snapshot', jobs: manager.listJobs('*') });
    unsubscribe = manager.subscribe((job, kind) =>
      post(kind === 'removed' ? { type: 'removed', id: job.id } : { type: 'change', job }),
    );
  });
}
