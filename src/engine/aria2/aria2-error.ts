/**
 * Everything that can go wrong talking to aria2, as one error type whose `kind` tells the caller
 * what to do (aria2-failure.ts maps it to a job error). Nothing here ever carries the secret.
 */

export type Aria2ErrorKind =
  /** No connection, refused, closed before the answer, or no answer in time: try again later. */
  | 'unreachable'
  /** aria2 answered "Unauthorized": the secret is wrong (or missing). */
  | 'unauthorized'
  /** aria2 does not know the gid (restarted without a session, or its result was removed). */
  | 'not-found'
  /** Any other error aria2 answered, with its code and message. */
  | 'rpc'
  /** An HTTP error status without a JSON-RPC answer: something else answers at the address. */
  | 'http'
  /** An answer that is not JSON, not JSON-RPC, or not the shape the manual gives. */
  | 'bad-answer';

export class Aria2Error extends Error {
  override readonly name = 'Aria2Error';
  readonly kind: Aria2ErrorKind;
  /** aria2's JSON-RPC error code (`rpc`, `unauthorized`, `not-found`). */
  readonly rpcCode: number | null;
  /** The HTTP status of the RPC answer (`http`). */
  readonly httpStatus: number | null;

  constructor(
    kind: Aria2ErrorKind,
    message: string,
    details: { rpcCode?: number; httpStatus?: number; cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.kind = kind;
    this.rpcCode = details.rpcCode ?? null;
    this.httpStatus = details.httpStatus ?? null;
  }
}

export const isAria2Error = (error: unknown): error is Aria2Error => error instanceof Aria2Error;

/**
 * Sorts an error object aria2 answered. aria2 1.36 answers a wrong or missing secret with
 * `{code: 1, message: "Unauthorized"}` and an unknown gid with `"GID <gid> is not found"`; every
 * method error has code 1, so only the message tells them apart.
 */
export function rpcFailure(code: number, message: string): Aria2Error {
  if (message === 'Unauthorized') {
    return new Aria2Error('unauthorized', 'aria2 refused the secret (Unauthorized)', { rpcCode: code });
  }
  if (/^GID \S+ is not found$/.test(message)) {
    return new Aria2Error('not-found', `aria2: ${message}`, { rpcCode: code });
  }
  return new Aria2Error('rpc', `aria2 error ${code}: ${message}`, { rpcCode: code });
}
