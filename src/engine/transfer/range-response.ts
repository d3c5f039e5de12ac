/**
 * What a response to a probe or a segment request means (job-model.md, "Transfer rules").
 * Pure: status and headers in, a verdict out. Network code acts on the verdict.
 */

export interface HeaderSource {
  get(name: string): string | null;
}

export interface ContentRange {
  /** First byte, inclusive; null for `bytes * /total` (416). */
  start: number | null;
  /** Last byte, inclusive. */
  end: number | null;
  /** null for an unknown total (`/*`). */
  total: number | null;
}

/** Parses `bytes a-b/total`, `bytes a-b/*` and `bytes * /total`; null if malformed. */
export function parseContentRange(header: string | null): ContentRange | null {
  if (header === null) return null;
  const match = /^\s*bytes\s+(?:(\d+)-(\d+)|\*)\/(\d+|\*)\s*$/i.exec(header);
  if (!match) return null;
  const [, first, last, totalText] = match;
  const total = totalText === '*' || totalText === undefined ? null : Number(totalText);
  if (first === undefined || last === undefined) {
    return total === null ? null : { start: null, end: null, total };
  }
  const start = Number(first);
  const end = Number(last);
  if (end < start || (total !== null && end >= total)) return null;
  return { start, end, total };
}

/** The stored validators of a file, compared with every later response. */
export interface Validators {
  size: number | null;
  etag: string | null;
  lastModified: string | null;
}

export interface ProbeFacts extends Validators {
  resumable: boolean;
  contentType: string | null;
  contentDisposition: string | null;
}

export type ResponseVerdict =
  /** The body carries bytes [bodyStart, bodyEnd); bodyEnd null = to the end of the stream. */
  | { kind: 'ok'; bodyStart: number; bodyEnd: number | null }
  | { kind: 'changed'; reason: string }
  | { kind: 'invalid'; detail: string }
  | { kind: 'http-error'; status: number };

export type ProbeVerdict =
  { kind: 'ok'; facts: ProbeFacts; bodyEnd: number | null } | Exclude<ResponseVerdict, { kind: 'ok' }>;

/** The value for `If-Range`: the strong ETag, else the Last-Modified date, else none. */
export function ifRangeValue(validators: Pick<Validators, 'etag' | 'lastModified'>): string | null {
  if (validators.etag !== null && !validators.etag.startsWith('W/')) return validators.etag;
  return validators.lastModified;
}

/** A probe is `GET` with `Range: bytes=0-`, redirects followed. */
export function checkProbeResponse(status: number, headers: HeaderSource): ProbeVerdict {
  const facts = {
    etag: headers.get('etag'),
    lastModified: headers.get('last-modified'),
    contentType: headers.get('content-type'),
    contentDisposition: headers.get('content-disposition'),
  };
  if (status === 206) {
    const range = parseContentRange(headers.get('content-range'));
    if (range === null || range.start === null || range.end === null) {
      return { kind: 'invalid', detail: `Content-Range "${headers.get('content-range') ?? ''}"` };
    }
    if (range.start !== 0) return { kind: 'invalid', detail: `a range starting at ${range.start}, asked 0` };
    if (range.total === null) return { kind: 'invalid', detail: 'a partial response of unknown total size' };
    return { kind: 'ok', facts: { ...facts, size: range.total, resumable: true }, bodyEnd: range.end + 1 };
  }
  if (status === 200) {
    const size = identityLength(headers);
    return { kind: 'ok', facts: { ...facts, size, resumable: false }, bodyEnd: size };
  }
  if (status === 416) {
    // `bytes=0-` on an empty file: nothing is satisfiable, and the total says so.
    const range = parseContentRange(headers.get('content-range'));
    if (range?.total === 0) return { kind: 'ok', facts: { ...facts, size: 0, resumable: true }, bodyEnd: 0 };
  }
  return statusVerdict(status);
}

/**
 * A segment is `GET` with `Range: bytes=pos-(end-1)` and `If-Range`. A 206 must match the request
 * and the known validators; a 200 means If-Range failed or ranges are ignored: start over.
 */
export function checkSegmentResponse(
  status: number,
  headers: HeaderSource,
  request: { pos: number; end: number },
  known: Validators,
): ResponseVerdict {
  if (status === 200)
    return { kind: 'changed', reason: 'the server sent the whole file instead of the range' };
  const range = parseContentRange(headers.get('content-range'));
  if (status === 416) {
    if (range?.total != null && range.total !== known.size)
      return { kind: 'changed', reason: 'its size changed' };
    return statusVerdict(status);
  }
  if (status !== 206) return statusVerdict(status);

  const etag = headers.get('etag');
  const lastModified = headers.get('last-modified');
  if (etag !== null && known.etag !== null && etag !== known.etag)
    return { kind: 'changed', reason: 'its ETag changed' };
  const sameEtag = etag !== null && etag === known.etag;
  if (
    !sameEtag &&
    lastModified !== null &&
    known.lastModified !== null &&
    lastModified !== known.lastModified
  ) {
    return { kind: 'changed', reason: 'its Last-Modified date changed' };
  }
  const shown = `Content-Range "${headers.get('content-range') ?? ''}"`;
  if (range === null || range.start === null || range.end === null) return { kind: 'invalid', detail: shown };
  if (range.total !== known.size) {
    // A new size under the same strong validator contradicts itself: a broken response, not a new file.
    const validated = sameEtag || (lastModified !== null && lastModified === known.lastModified);
    return validated || range.total === null
      ? { kind: 'invalid', detail: `${shown} for a file of ${known.size ?? '?'} bytes` }
      : { kind: 'changed', reason: 'its size changed' };
  }
  // A server may send less than asked (the rest is asked again), never other bytes or more.
  if (range.start !== request.pos || range.end > request.end - 1) {
    return { kind: 'invalid', detail: `${shown} for bytes ${request.pos}-${request.end - 1}` };
  }
  return { kind: 'ok', bodyStart: range.start, bodyEnd: range.end + 1 };
}

function statusVerdict(status: number): Exclude<ResponseVerdict, { kind: 'ok' }> {
  if (status >= 200 && status < 300) return { kind: 'invalid', detail: `HTTP ${status} to a GET` };
  return { kind: 'http-error', status };
}

/** Content-Length counts encoded bytes; fetch hands decoded ones, so it is a size only without encoding. */
function identityLength(headers: HeaderSource): number | null {
  const encoding = headers.get('content-encoding');
  if (encoding !== null && encoding.trim().toLowerCase() !== 'identity') return null;
  const text = headers.get('content-length');
  if (text === null || !/^\s*\d+\s*$/.test(text)) return null;
  return Number(text);
}
