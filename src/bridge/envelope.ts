/**
 * The bridge's checks of what the page sends. The page is untrusted; the background validates every
 * argument again, so here only the envelope is checked: a request the bridge cannot answer is
 * dropped. Only the page's methods pass (PAGE_METHODS): the bridge's own (`checkJob`) do not.
 */
import { MAX_REQUEST_CHARS, PAGE_METHODS, type PageMethod, type PageRequest } from '../shared/page-protocol';

export type EnvelopeCheck =
  { ok: true; request: PageRequest } | { ok: false; id: number | null; problem: string };

const isRequestId = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

export function checkEnvelope(data: unknown): EnvelopeCheck {
  if (typeof data !== 'object' || data === null) return { ok: false, id: null, problem: 'not an object' };
  const { kind, id, method, args } = data as Record<string, unknown>;
  if (kind !== 'request' || !isRequestId(id)) return { ok: false, id: null, problem: 'not a request' };
  if (typeof method !== 'string' || !(PAGE_METHODS as readonly string[]).includes(method)) {
    return { ok: false, id, problem: `request: unknown method` };
  }
  let size: number;
  try {
    // A Blob counts as `{}`: its bytes never travel as JSON (page-blobs.ts).
    size = JSON.stringify(args ?? null).length;
  } catch {
    return { ok: false, id, problem: 'request: arguments must be plain data' };
  }
  if (size > MAX_REQUEST_CHARS) {
    return { ok: false, id, problem: `request: larger than ${MAX_REQUEST_CHARS} characters` };
  }
  // A fresh object: nothing but these four fields travels on.
  return { ok: true, request: { kind: 'request', id, method: method as PageMethod, args: args ?? null } };
}
