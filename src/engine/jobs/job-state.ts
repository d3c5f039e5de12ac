/**
 * The job state machine (job-model.md "States and transitions"), as pure functions.
 * Caller methods (resume, suspend, ...) throw BitsError when not allowed; the engine's own events
 * (the scheduler starting a job, a transfer failing, ...) are checked too, so a wrong move is a bug
 * that shows at once instead of a job stuck in a state no rule leads out of.
 */
import { BitsError } from '../bits-codes';
import { isFinal, type JobState } from '../types';

/** Methods a page, the popup or a test calls. */
export type JobMethod = 'resume' | 'suspend' | 'cancel' | 'complete' | 'addFiles' | 'setPriority';

export interface MethodContext {
  /** Files in the job (after the call, for addFiles). */
  fileCount: number;
}

/** The state a method leads to from `state`, or a BitsError saying why it is not allowed. */
export function stateAfterMethod(state: JobState, method: JobMethod, context: MethodContext): JobState {
  if (isFinal(state)) {
    throw new BitsError('BG_E_INVALID_STATE', `${method}: the job is ${state} and can no longer change`);
  }
  switch (method) {
    case 'resume':
      if (context.fileCount === 0) throw new BitsError('BG_E_EMPTY', 'resume: the job has no files');
      // Already waiting or running: resuming again changes nothing (BITS returns S_OK).
      if (state === 'QUEUED' || state === 'CONNECTING' || state === 'TRANSFERRING') return state;
      // A transferred job stays transferred: only complete() moves it on.
      if (state === 'TRANSFERRED') return state;
      return 'QUEUED';
    case 'suspend':
      return 'SUSPENDED';
    case 'cancel':
      return 'CANCELLED';
    case 'complete':
      // Before TRANSFERRED this is the BITS partial complete: finished files are kept.
      return 'ACKNOWLEDGED';
    case 'addFiles':
      // New files mean there is something to transfer again.
      return state === 'TRANSFERRED' ? 'QUEUED' : state;
    case 'setPriority':
      return state;
  }
}

/** What happens to a job inside the engine. */
export type JobEvent =
  /** The scheduler gave the job a slot. */
  | 'start'
  /** The first response byte arrived. */
  | 'first-byte'
  /** The job's time slice ended or a higher priority took its slot. */
  | 'yield'
  /** Every file is stored. */
  | 'all-files-done'
  | 'transient-failure'
  | 'fatal-failure'
  /** The retry delay passed. */
  | 'retry-due'
  /** The retry window (noProgressTimeout) closed without progress. */
  | 'no-progress-timeout'
  /** The extension restarted while the job was running: it waits for a slot again. */
  | 'recover'
  /** The browser does not let WebBITS reach a site the job needs (site-access.ts). */
  | 'no-site-access';

const EVENT_TRANSITIONS: Record<JobEvent, Partial<Record<JobState, JobState>>> = {
  start: { QUEUED: 'CONNECTING' },
  'first-byte': { CONNECTING: 'TRANSFERRING', TRANSFERRING: 'TRANSFERRING' },
  yield: { CONNECTING: 'QUEUED', TRANSFERRING: 'QUEUED' },
  'all-files-done': { CONNECTING: 'TRANSFERRED', TRANSFERRING: 'TRANSFERRED' },
  'transient-failure': { CONNECTING: 'TRANSIENT_ERROR', TRANSFERRING: 'TRANSIENT_ERROR' },
  'fatal-failure': { CONNECTING: 'ERROR', TRANSFERRING: 'ERROR' },
  'retry-due': { TRANSIENT_ERROR: 'QUEUED' },
  'no-progress-timeout': { TRANSIENT_ERROR: 'ERROR' },
  recover: { CONNECTING: 'QUEUED', TRANSFERRING: 'QUEUED' },
  'no-site-access': {
    QUEUED: 'ERROR',
    CONNECTING: 'ERROR',
    TRANSFERRING: 'ERROR',
    TRANSIENT_ERROR: 'ERROR',
  },
};

/** The state an engine event leads to, or null when the event does not apply in `state`. */
export function stateAfterEvent(state: JobState, event: JobEvent): JobState | null {
  return EVENT_TRANSITIONS[event][state] ?? null;
}

/** States in which the job holds (or waits for) a transfer slot. */
export const isRunning = (state: JobState): boolean => state === 'CONNECTING' || state === 'TRANSFERRING';
