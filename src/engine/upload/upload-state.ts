/** Where an upload stands (JobRecord.upload), as pure functions. */
import type { UploadState } from '../ports';
import type { JobType } from '../types';

/** The state of a job before its first Create-Session. */
export function freshUploadState(size: number, contentType: string): UploadState {
  return {
    sessionId: null,
    hostId: null,
    hostIdFallbackMs: null,
    hostIdFailingSince: null,
    acknowledged: 0,
    size,
    contentType,
    replyUrl: null,
    replyBytes: null,
    closed: false,
  };
}

/** Whether nothing is left to send: every byte acknowledged (and, for upload-reply, the reply in and the session closed). */
export function uploadFinished(type: JobType, state: UploadState): boolean {
  if (state.sessionId === null || state.acknowledged < state.size) return false;
  return type === 'upload' || state.closed;
}
