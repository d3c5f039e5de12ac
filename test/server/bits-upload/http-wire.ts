import { STATUS_CODES } from 'node:http';
import type { WireResponse } from './protocol';

/**
 * One parsed request head. Node's own HTTP parser refuses the BITS_POST method before any handler
 * runs (build-and-test.md), so this server reads HTTP/1.1 itself: request line, headers, and a body
 * framed by Content-Length.
 */
export interface RequestHead {
  method: string;
  /** The request target as sent. */
  target: string;
  /** Decoded path without the query string. */
  path: string;
  version: string;
  /** Lower-case names; repeated fields joined with ", " (RFC 9110 §5.3). */
  headers: Map<string, string>;
  /** Null when absent. */
  contentLength: number | null;
  /** Whether the connection stays open after the response. */
  keepAlive: boolean;
  /** The longest header field value, in bytes: MC-BUP caps values at 4 KB. */
  longestValue: number;
}

export type HeadResult = { ok: true; head: RequestHead } | { ok: false; reason: string };

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const REQUEST_LINE = /^(\S+) (\S+) (HTTP\/\d\.\d)$/;

function decodedPath(target: string): string {
  const pathname = new URL(target, 'http://test.invalid').pathname;
  try {
    return decodeURIComponent(pathname);
  } catch {
    return pathname;
  }
}

/** `raw` is the head without its final empty line. */
export function parseRequestHead(raw: string): HeadResult {
  const [requestLine = '', ...fieldLines] = raw.split('\r\n');
  const line = REQUEST_LINE.exec(requestLine);
  if (!line || !TOKEN.test(line[1] as string)) return { ok: false, reason: 'malformed request line' };
  const [, method = '', target = '', version = ''] = line;
  if (!target.startsWith('/')) return { ok: false, reason: 'request target is not a path' };
  const headers = new Map<string, string>();
  const lengths = new Set<string>();
  let longestValue = 0;
  for (const field of fieldLines) {
    const colon = field.indexOf(':');
    const name = field.slice(0, colon);
    if (colon <= 0 || !TOKEN.test(name)) return { ok: false, reason: `malformed header line ${field}` };
    const key = name.toLowerCase();
    const value = field.slice(colon + 1).trim();
    longestValue = Math.max(longestValue, Buffer.byteLength(value));
    if (key === 'content-length') lengths.add(value);
    const before = headers.get(key);
    headers.set(key, before === undefined ? value : `${before}, ${value}`);
  }
  if (headers.has('transfer-encoding')) return { ok: false, reason: 'Transfer-Encoding is not supported' };
  const [length] = lengths;
  if (lengths.size > 1 || (length !== undefined && !/^\d{1,15}$/.test(length))) {
    return { ok: false, reason: 'invalid Content-Length' };
  }
  const connection = (headers.get('connection') ?? '').toLowerCase();
  const keepAlive =
    version === 'HTTP/1.1' ? !connection.includes('close') : connection.includes('keep-alive');
  return {
    ok: true,
    head: {
      method,
      target,
      path: decodedPath(target),
      version,
      headers,
      contentLength: length === undefined ? null : Number(length),
      keepAlive,
      longestValue,
    },
  };
}

/** The bytes of a response's status line and headers (and body). */
export function formatResponse(response: WireResponse, keepAlive: boolean): Buffer {
  const lines = [`HTTP/1.1 ${response.status} ${STATUS_CODES[response.status] ?? 'Unknown'}`];
  for (const [name, value] of response.headers) lines.push(`${name}: ${value}`);
  // A 204 has neither body nor Content-Length (RFC 9110 §8.6).
  const framed = response.status !== 204;
  if (framed && !response.headers.some(([name]) => name.toLowerCase() === 'content-length')) {
    lines.push(`Content-Length: ${response.body?.length ?? 0}`);
  }
  if (!keepAlive) lines.push('Connection: close');
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
  return response.body && framed ? Buffer.concat([head, response.body]) : head;
}

/** A plain HTTP answer (no BITS headers), for requests that are not BITS packets. */
export function plainResponse(status: number, headers: [string, string][] = [], text?: string): WireResponse {
  const body = Buffer.from(text ?? `${status} ${STATUS_CODES[status] ?? ''}\n`);
  return { status, headers: [['Content-Type', 'text/plain'], ...headers], body };
}
