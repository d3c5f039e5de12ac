/**
 * What a WebBITS job shows while aria2 has its download (job-model.md "Hand-off to aria2"): the
 * state, progress and speed come from aria2.tellStatus, a failed download becomes the job's error.
 */
import { httpErrorCode } from '../bits-codes';
import type { ErrorContext, JobError } from '../types';
import type { Aria2DownloadStatus, Aria2Status } from './aria2-schemas';

/** (+) Not a BITS code: the spec names none for it, so it carries E_FAIL. */
export const ARIA2_ERROR_CODE = 'BG_E_ARIA2_ERROR';
export const ARIA2_ERROR_HRESULT = 0x80004005;

export type Aria2JobState = 'QUEUED' | 'TRANSFERRING' | 'SUSPENDED' | 'ACKNOWLEDGED' | 'CANCELLED' | 'ERROR';

export interface Aria2JobView {
  state: Aria2JobState;
  bytesTransferred: number;
  /** null while aria2 does not know the size (it says 0 then). */
  bytesTotal: number | null;
  /** Bytes per second; 0 unless active. */
  speed: number;
  /** aria2's own path of the file, once complete. */
  localPath: string | null;
  error: JobError | null;
}

const STATE_OF: Record<Aria2DownloadStatus, Aria2JobState> = {
  waiting: 'QUEUED',
  active: 'TRANSFERRING',
  paused: 'SUSPENDED',
  complete: 'ACKNOWLEDGED',
  removed: 'CANCELLED',
  error: 'ERROR',
};

export function aria2StatusToJob(status: Aria2Status): Aria2JobView {
  const file = status.files?.[0];
  const path = file !== undefined && file.path !== '' ? file.path : null;
  const total = status.totalLength ?? 0;
  const complete = status.status === 'complete';
  return {
    state: STATE_OF[status.status],
    bytesTransferred: status.completedLength ?? 0,
    // A complete download of 0 bytes is an empty file; otherwise 0 means "not known yet".
    bytesTotal: total > 0 || complete ? total : null,
    speed: status.status === 'active' ? (status.downloadSpeed ?? 0) : 0,
    localPath: complete ? path : null,
    error: status.status === 'error' ? aria2DownloadError(status, path) : null,
  };
}

/** Exit status codes (aria2c(1), "EXIT STATUS") where the file, not the network, is at fault. */
const LOCAL_FILE_CODES = new Set([9, 10, 11, 13, 14, 15, 16, 17, 18]);
/** Time out, too slow, network problem, name resolution failed, too many redirects. */
const TRANSPORT_CODES = new Set([2, 5, 6, 19, 23]);

function aria2DownloadError(status: Aria2Status, path: string | null): JobError {
  const code = status.errorCode ?? 1;
  const detail = `aria2 error ${code}: ${status.errorMessage ?? 'no message'}`;
  const what = nameOf(status, path);
  const http = httpStatusOf(code, status.errorMessage ?? '');
  if (http !== null) {
    return {
      ...httpErrorCode(http),
      context: 'remote-file',
      message: `${what}: the server answered HTTP ${http} (${detail})`,
      fileIndex: null,
      httpStatus: http,
    };
  }
  let context: ErrorContext = 'unknown';
  if (LOCAL_FILE_CODES.has(code)) context = 'local-file';
  else if (TRANSPORT_CODES.has(code)) context = 'transport';
  return {
    code: ARIA2_ERROR_CODE,
    hresult: ARIA2_ERROR_HRESULT,
    context,
    message: `${what}: ${detail}`,
    fileIndex: null,
    httpStatus: null,
  };
}

/**
 * The HTTP status aria2 names. aria2 1.36 words a refused response "The response status is not
 * successful. status=403" (exit status 22, or 29 for 503); a 404 is exit status 3 "Resource not
 * found" and a 401 exit status 24 "Authorization failed." with no number in the message.
 */
export function httpStatusOf(errorCode: number, errorMessage: string): number | null {
  const named = /\bstatus=(\d{3})\b/.exec(errorMessage);
  const status = named === null ? null : Number(named[1]);
  if (status !== null && status >= 400 && status <= 599) return status;
  if (errorCode === 3) return 404;
  if (errorCode === 24) return 401;
  if (errorCode === 29) return 503;
  return null;
}

/** The file's name where aria2 knows it, else the URI, for a message a person understands. */
function nameOf(status: Aria2Status, path: string | null): string {
  // aria2 on Windows may name a path with backslashes.
  if (path !== null) return `"${path.split(/[/\\]/).at(-1) ?? path}"`;
  const uri = status.files?.[0]?.uris[0]?.uri;
  return uri === undefined ? `aria2 download ${status.gid}` : uri;
}
