/**
 * How a failed call to aria2 becomes a job error (job-model.md "Hand-off to aria2"): an unreachable
 * daemon is transient and retried like any other; a wrong secret is an ERROR that names it.
 */
import { BITS_HRESULTS } from '../bits-codes';
import type { ErrorContext, JobError } from '../types';
import type { Aria2Error } from './aria2-error';
import { ARIA2_ERROR_CODE, ARIA2_ERROR_HRESULT } from './status-to-job';

export interface Aria2Failure {
  /** true: TRANSIENT_ERROR and retry after the job's delay; false: ERROR. */
  transient: boolean;
  error: JobError;
}

/** A proxy in front of aria2 saying the daemon behind it is down or busy. */
const GATEWAY_DOWN = new Set([502, 503, 504]);

export function aria2FailureToJobError(failure: Aria2Error, href: string): Aria2Failure {
  if (
    failure.kind === 'unreachable' ||
    (failure.kind === 'http' && GATEWAY_DOWN.has(failure.httpStatus ?? 0))
  ) {
    return {
      transient: true,
      error: {
        code: 'BG_E_CONNECT_FAILURE',
        hresult: BITS_HRESULTS.BG_E_CONNECT_FAILURE,
        context: 'transport',
        message: failure.message,
        fileIndex: null,
        httpStatus: null,
      },
    };
  }
  return { transient: false, error: fatal(messageOf(failure, href), contextOf(failure)) };
}

function messageOf(failure: Aria2Error, href: string): string {
  switch (failure.kind) {
    case 'unauthorized':
      return `aria2 at ${href} refused the secret: check "aria2 secret" in the options`;
    case 'not-found':
      return `aria2 at ${href} no longer knows this download (${failure.message})`;
    default:
      return failure.message;
  }
}

const contextOf = (failure: Aria2Error): ErrorContext =>
  failure.kind === 'rpc' || failure.kind === 'not-found' ? 'unknown' : 'transport';

function fatal(message: string, context: ErrorContext): JobError {
  return {
    code: ARIA2_ERROR_CODE,
    hresult: ARIA2_ERROR_HRESULT,
    context,
    message,
    fileIndex: null,
    httpStatus: null,
  };
}
