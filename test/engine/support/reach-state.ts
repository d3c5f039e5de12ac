/**
 * Resolves with the job once it is in one of `states`, now or at a later change event: the
 * engine tests wait on the engine's own events, never on a timer.
 */
import type { JobManager } from '../../../src/engine/ports';
import type { JobInfo, JobState } from '../../../src/engine/types';

export function reachState(
  engine: Pick<JobManager, 'subscribe' | 'getJob'>,
  id: string,
  states: JobState | readonly JobState[],
): Promise<JobInfo> {
  const wanted: readonly JobState[] = typeof states === 'string' ? [states] : states;
  return new Promise((resolve) => {
    const check = (info: JobInfo) => {
      if (info.id !== id || !wanted.includes(info.state)) return;
      stop();
      resolve(info);
    };
    const stop = engine.subscribe(check);
    check(engine.getJob('*', id));
  });
}
