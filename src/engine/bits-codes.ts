/**
 * BITS error names and their HRESULTs (bitsmsg.h), plus the few WebBITS adds (+).
 * HTTP errors are not listed: their code is `BG_E_HTTP_ERROR_<status>` and their hresult
 * 0x80190000 + status, made by `httpErrorCode`.
 */
export const BITS_HRESULTS = {
  BG_E_NOT_FOUND: 0x80200001,
  BG_E_INVALID_STATE: 0x80200002,
  BG_E_EMPTY: 0x80200003,
  BG_E_NETWORK_DISCONNECTED: 0x80200010,
  BG_E_MISSING_FILE_SIZE: 0x80200011,
  BG_E_INSUFFICIENT_RANGE_SUPPORT: 0x80200013,
  BG_E_INVALID_SERVER_RESPONSE: 0x8020001b,
  /** The upload server does not know the session (any more). */
  BG_E_SESSION_NOT_FOUND: 0x8020001f,
  /** An upload's data above 4 GiB, a reply above 16 MiB, a fragment above the server's limit. */
  BG_E_TOO_LARGE: 0x80200020,
  BG_E_TOO_MANY_FILES: 0x8020001c,
  BG_E_STRING_TOO_LONG: 0x80200021,
  BG_E_NO_PROGRESS: 0x80200024,
  BG_E_INVALID_RANGE: 0x8020002b,
  BG_E_CONNECT_FAILURE: 0x8020002d,
  BG_E_CONNECTION_CLOSED: 0x8020002e,
  BG_E_TOO_MANY_JOBS_PER_USER: 0x80200049,
  BG_E_TOO_MANY_FILES_IN_JOB: 0x80200051,
  BG_E_VALIDATION_FAILED: 0x80200053,
  /** (+ here; BITS has it) The job waits: the connection is metered and its cost policy says no. */
  BG_E_BLOCKED_BY_COST_TRANSFER_POLICY: 0x80200059,
  /** reply() on a job that has none: GetReplyData's answer for download and upload jobs. */
  E_NOTIMPL: 0x80004001,
  E_ACCESSDENIED: 0x80070005,
  E_INVALIDARG: 0x80070057,
  /** (+) Storage quota exhausted: HRESULT_FROM_WIN32(ERROR_DISK_FULL). */
  BG_E_DISK_FULL: 0x80070070,
  /** (+) Saving through the downloads API failed: HRESULT_FROM_WIN32(ERROR_WRITE_FAULT). */
  BG_E_LOCAL_FILE: 0x8007001d,
} as const;

export type BitsCode = keyof typeof BITS_HRESULTS;

/** The BITS name of an HRESULT, when it is one listed here. */
export function bitsCodeOf(hresult: number): BitsCode | null {
  for (const [code, value] of Object.entries(BITS_HRESULTS)) if (value === hresult) return code as BitsCode;
  return null;
}

export const HTTP_HRESULT_BASE = 0x80190000;

export function httpErrorCode(status: number): { code: string; hresult: number } {
  return { code: `BG_E_HTTP_ERROR_${status}`, hresult: HTTP_HRESULT_BASE + status };
}

/**
 * The error a page, the popup or a test receives from a job method: `name` is the BITS code,
 * so `err.name === 'BG_E_INVALID_STATE'` works across the page boundary.
 */
export class BitsError extends Error {
  readonly hresult: number;
  constructor(
    readonly code: BitsCode,
    message: string,
  ) {
    super(message);
    this.name = code;
    this.hresult = BITS_HRESULTS[code];
  }
}
