/**
 * Why a file transfer failed, turned into the BITS error a person and a test see
 * (job-model.md, "Error classification"). Pure: the transfer describes what happened as a
 * FailureCause; this file decides the code, the state (transient or not) and the wording.
 */
import { BITS_HRESULTS, bitsCodeOf, httpErrorCode, type BitsCode } from '../bits-codes';
import type { ErrorContext, JobError } from '../types';

export type FailureCause =
  | { kind: 'http'; status: number; retryAfterMs: number | null }
  /** An upload server's error Ack: its status, `BITS-Error-Code` and `BITS-Error-Context`. */
  | {
      kind: 'bits';
      status: number;
      hresult: number;
      errorContext: number | null;
      retryAfterMs: number | null;
    }
  /** fetch rejected: `phase` tells whether any response had started. */
  | { kind: 'network'; phase: 'connect' | 'body'; detail: NetworkDetail }
  /** Nothing received for the stall timeout. */
  | { kind: 'stall'; timeoutMs: number }
  | { kind: 'invalid-response'; detail: string }
  | { kind: 'short-body'; expected: number; received: number }
  | { kind: 'quota' }
  | { kind: 'checksum'; expected: string; actual: string };

export type NetworkDetail = 'refused' | 'dns' | 'reset' | 'unknown';

export interface ClassifiedFailure {
  error: JobError;
  /** TRANSIENT_ERROR (true) or ERROR (false) once the attempt gives up. */
  transient: boolean;
  /** Worth another try inside the same attempt (per-connection back-off). */
  retryInAttempt: boolean;
  retryAfterMs: number | null;
}

export interface FileLabel {
  url: string;
  name: string | null;
  index: number;
}

/** 408, 409, 425, 429 and 5xx other than 501 and 505 may succeed later. */
export function isTransientHttpStatus(status: number): boolean {
  if (status === 408 || status === 409 || status === 425 || status === 429) return true;
  return status >= 500 && status <= 599 && status !== 501 && status !== 505;
}

/** What the job was doing, for the message: "Could not download …" or "Could not upload …". */
export type TransferVerb = 'download' | 'upload';

export function classifyFailure(
  cause: FailureCause,
  file: FileLabel,
  verb: TransferVerb = 'download',
): ClassifiedFailure {
  const label = file.name ?? file.url;
  const make = (
    code: string,
    hresult: number,
    context: ErrorContext,
    reason: string,
    httpStatus: number | null = null,
  ): JobError => ({
    code,
    hresult,
    context,
    message: `Could not ${verb} ${label}: ${reason}.`,
    fileIndex: file.index,
    httpStatus,
  });
  const bits = (code: BitsCode, context: ErrorContext, reason: string): JobError =>
    make(code, BITS_HRESULTS[code], context, reason);

  switch (cause.kind) {
    case 'http': {
      const { code, hresult } = httpErrorCode(cause.status);
      const transient = isTransientHttpStatus(cause.status);
      const text = HTTP_STATUS_TEXT[cause.status];
      const reason = `the server answered HTTP ${cause.status}${text ? ` (${text})` : ''}`;
      return {
        error: make(code, hresult, 'remote-file', reason, cause.status),
        transient,
        retryInAttempt: transient,
        retryAfterMs: transient ? cause.retryAfterMs : null,
      };
    }
    case 'bits': {
      // job-model.md: the server's code if it is a known BITS name, else the HTTP one; its hresult.
      const known = bitsCodeOf(cause.hresult);
      const code = known ?? httpErrorCode(cause.status).code;
      const transient = isTransientHttpStatus(cause.status);
      const text = HTTP_STATUS_TEXT[cause.status];
      const hex = `0x${(cause.hresult >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;
      const meaning = (known && BITS_ERROR_TEXT[known]) ?? 'an error of its own';
      const where =
        cause.errorContext === REMOTE_APPLICATION_CONTEXT ? 'its upload application' : 'the server';
      const reason =
        `${where} answered HTTP ${cause.status}${text ? ` (${text})` : ''} ` +
        `with BITS error ${hex}: ${meaning}`;
      return {
        error: make(code, cause.hresult, 'remote-file', reason, cause.status),
        transient,
        retryInAttempt: transient,
        retryAfterMs: transient ? cause.retryAfterMs : null,
      };
    }
    case 'network': {
      const [code, reason] = networkCode(cause);
      return {
        error: bits(code, 'transport', reason),
        transient: true,
        retryInAttempt: true,
        retryAfterMs: null,
      };
    }
    case 'stall':
      return {
        error: bits(
          'BG_E_NETWORK_DISCONNECTED',
          'transport',
          `no data arrived for ${Math.round(cause.timeoutMs / 1000)} s`,
        ),
        transient: true,
        retryInAttempt: true,
        retryAfterMs: null,
      };
    case 'invalid-response':
      return {
        error: bits(
          'BG_E_INVALID_SERVER_RESPONSE',
          'remote-file',
          `the server sent an invalid response (${cause.detail})`,
        ),
        transient: false,
        retryInAttempt: true,
        retryAfterMs: null,
      };
    case 'short-body':
      return {
        error: bits(
          'BG_E_INVALID_SERVER_RESPONSE',
          'remote-file',
          `the server sent ${cause.received} of the ${cause.expected} bytes it announced`,
        ),
        transient: false,
        retryInAttempt: true,
        retryAfterMs: null,
      };
    case 'quota':
      return {
        error: bits(
          'BG_E_DISK_FULL',
          'local-file',
          'the browser storage is full; free some space and resume',
        ),
        transient: false,
        retryInAttempt: false,
        retryAfterMs: null,
      };
    case 'checksum':
      return {
        error: bits(
          'BG_E_VALIDATION_FAILED',
          'remote-file',
          `its sha256 is ${cause.actual}, expected ${cause.expected}`,
        ),
        transient: false,
        retryInAttempt: false,
        retryAfterMs: null,
      };
  }
}

function networkCode(cause: { phase: 'connect' | 'body'; detail: NetworkDetail }): [BitsCode, string] {
  if (cause.detail === 'reset' || cause.phase === 'body') {
    return ['BG_E_CONNECTION_CLOSED', 'the connection was closed before the transfer finished'];
  }
  if (cause.detail === 'dns') return ['BG_E_CONNECT_FAILURE', 'the server name could not be resolved'];
  return ['BG_E_CONNECT_FAILURE', 'could not connect to the server'];
}

/**
 * What kind of network failure a rejected fetch or body read was. Node's fetch carries a
 * `cause.code`; browsers say only "Failed to fetch", which lands on 'unknown'.
 */
export function describeNetworkError(err: unknown): NetworkDetail {
  const codes: string[] = [];
  let current: unknown = err;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    current = (current as { cause?: unknown }).cause;
  }
  if (codes.some((c) => c === 'ECONNREFUSED')) return 'refused';
  if (codes.some((c) => c === 'ENOTFOUND' || c === 'EAI_AGAIN')) return 'dns';
  if (codes.some((c) => c === 'ECONNRESET' || c === 'EPIPE' || c.startsWith('UND_ERR_SOCKET')))
    return 'reset';
  return 'unknown';
}

/** `Retry-After` as milliseconds from `now`: delay-seconds or an HTTP date; null if absent or bad. */
export function parseRetryAfter(header: string | null, now: number): number | null {
  if (header === null) return null;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP date names its month; Date.parse alone would take "-5" for a year.
  if (!/[a-z]{3}/i.test(text)) return null;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now);
}

/** BITS-Error-Context 0x7 (BG_ERROR_CONTEXT_REMOTE_APPLICATION): the server's application failed. */
const REMOTE_APPLICATION_CONTEXT = 0x7;

/** What the error codes an upload server sends mean to a person. */
const BITS_ERROR_TEXT: Partial<Record<BitsCode, string>> = {
  E_ACCESSDENIED: 'this upload is not allowed',
  E_INVALIDARG: 'the server found the request invalid',
  BG_E_TOO_LARGE: 'the upload is larger than the server accepts',
  BG_E_SESSION_NOT_FOUND: 'the server no longer knows this upload',
};

const HTTP_STATUS_TEXT: Partial<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  411: 'Length Required',
  413: 'Content Too Large',
  416: 'Range Not Satisfiable',
  425: 'Too Early',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
  505: 'HTTP Version Not Supported',
};
