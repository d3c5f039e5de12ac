/** The live job list: a snapshot from the jobs port, then every change as it happens. */
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { JobInfo } from '../engine/types';
import { connectJobs } from '../shared/background-client';
import { applyJobsMessage } from './jobs-state';
import type { JobEntries } from './jobs-state';
import { markOnce, SNAPSHOT_MARK } from './render-marks';

export interface LiveJobs {
  entries: JobEntries;
  /** False until the first snapshot arrives. */
  loaded: boolean;
  /** Shows a job an action returned at once, before the port reports the change. */
  applyJob(job: JobInfo): void;
}

export function useJobs(): LiveJobs {
  const [state, setState] = useState<{ entries: JobEntries; loaded: boolean }>({
    entries: new Map(),
    loaded: false,
  });

  useEffect(
    () =>
      connectJobs((message) => {
        if (message.type === 'snapshot') markOnce(SNAPSHOT_MARK);
        setState((previous) => ({
          entries: applyJobsMessage(previous.entries, message, Date.now()),
          loaded: previous.loaded || message.type === 'snapshot',
        }));
      }),
    [],
  );

  const applyJob = useCallback((job: JobInfo) => {
    setState((previous) => {
      // A stale answer must not overwrite a newer change from the port.
      const known = previous.entries.get(job.id)?.job;
      if (known && known.times.modified > job.times.modified) return previous;
      return {
        ...previous,
        entries: applyJobsMessage(previous.entries, { type: 'change', job }, Date.now()),
      };
    });
  }, []);

  return { entries: state.entries, loaded: state.loaded, applyJob };
}
