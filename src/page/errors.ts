/** Errors from the background, re-created in the page's world: `name` is the BITS code or DOM name. */
import type { ErrorPayload } from '../shared/page-protocol';

export function errorFromPayload(payload: ErrorPayload): Error {
  if (payload.name === 'TypeError') return new TypeError(payload.message);
  const error = new Error(payload.message);
  error.name = payload.name;
  return error;
}
