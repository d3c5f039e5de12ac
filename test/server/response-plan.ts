import { etagOf, lastModifiedOf, servesRanges, type FileEntry } from './file-entry';
import { decideRange, ifRangeHolds } from './http-range';
import { redirectPath } from './redirect-path';
import type { Fault } from './types';

/** What to send for one request to a file: a pure function of the request, the file and the fault. */
export interface ResponsePlan {
  status: number;
  headers: Record<string, string>;
  /** Content bytes [start, end) to send as the body; null when there is none (HEAD, errors). */
  body: { start: number; end: number } | null;
  /** A short text body instead (error statuses, redirects). */
  text: string | null;
  /** Send only this many body bytes before `ending`; null = all. */
  stopAfter: number | null;
  /** 'end': a normal end; 'reset': RST; 'stall': send nothing more; 'close': FIN before the body is complete. */
  ending: 'end' | 'reset' | 'stall' | 'close';
}

export interface PlannedRequest {
  method: string;
  path: string;
  range: string | undefined;
  ifRange: string | undefined;
}

export function planFileResponse(
  request: PlannedRequest,
  entry: FileEntry,
  fault: Fault | null,
): ResponsePlan {
  const { spec } = entry;
  if (fault?.kind === 'status') return statusPlan(fault.status, spec.size, fault.retryAfter);
  if (fault?.kind === 'redirect') {
    return redirectPlan(fault.hops > 1 ? redirectPath(fault.hops - 1, request.path) : request.path);
  }

  const etag = etagOf(entry);
  const lastModified = lastModifiedOf(entry);
  const headers: Record<string, string> = {
    'Content-Type': spec.contentType ?? 'application/octet-stream',
    'Accept-Ranges': servesRanges(spec) ? 'bytes' : 'none',
    'Cache-Control': spec.cacheControl ?? 'no-store',
  };
  if (spec.contentDisposition !== undefined) headers['Content-Disposition'] = spec.contentDisposition;
  if (etag !== null) headers['ETag'] = etag;
  if (lastModified !== null) headers['Last-Modified'] = lastModified;

  let range = { start: 0, end: spec.size };
  let status = 200;
  const rangeAllowed =
    servesRanges(spec) &&
    fault?.kind !== 'ignore-range' &&
    (request.ifRange === undefined || ifRangeHolds(request.ifRange, etag, lastModified));
  if (rangeAllowed) {
    const decision = decideRange(request.range, spec.size);
    if (decision.kind === 'unsatisfiable') return statusPlan(416, spec.size);
    if (decision.kind === 'partial') {
      status = 206;
      range = { start: decision.start, end: decision.end + 1 };
      headers['Content-Range'] = `bytes ${decision.start}-${decision.end}/${spec.size}`;
    }
  }
  if (fault?.kind === 'wrong-content-range') {
    // A buggy server: the body holds the right bytes, the header claims they start one byte later.
    status = 206;
    headers['Content-Range'] = `bytes ${range.start + 1}-${range.end}/${spec.size}`;
  }

  const length = range.end - range.start;
  if (spec.sendLength !== false) headers['Content-Length'] = String(length);
  const plan: ResponsePlan = {
    status,
    headers,
    body: request.method === 'HEAD' ? null : range,
    text: null,
    stopAfter: null,
    ending: 'end',
  };
  if (request.method === 'HEAD') return plan;
  switch (fault?.kind) {
    case 'reset':
      return { ...plan, stopAfter: Math.min(fault.afterBytes, length), ending: 'reset' };
    case 'stall':
      return { ...plan, stopAfter: Math.min(fault.afterBytes, length), ending: 'stall' };
    case 'short-body':
      return { ...plan, stopAfter: Math.max(0, length - Math.max(1, fault.missingBytes)), ending: 'close' };
    default:
      return plan;
  }
}

function textHeaders(text: string): Record<string, string> {
  return {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-store',
  };
}

function textPlan(status: number, text: string): ResponsePlan {
  return { status, headers: textHeaders(text), body: null, text, stopAfter: null, ending: 'end' };
}

export function statusPlan(status: number, size: number, retryAfter?: string): ResponsePlan {
  const plan = textPlan(status, `${status}\n`);
  if (status === 416) plan.headers['Content-Range'] = `bytes */${size}`;
  if (retryAfter !== undefined) plan.headers['Retry-After'] = retryAfter;
  return plan;
}

export function redirectPlan(location: string): ResponsePlan {
  const plan = textPlan(302, `Found: ${location}\n`);
  plan.headers['Location'] = location;
  return plan;
}
