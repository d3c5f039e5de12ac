/**
 * The BITS Upload Protocol's packets as data (Microsoft's "BITS Upload Protocol" pages: Ping,
 * Create-Session, Fragment, Close-Session, Cancel-Session and their Ack): the headers a request
 * carries and what an Ack says. Pure; packet-exchange.ts sends them.
 */
import { parseRetryAfter, type FailureCause } from '../transfer/classify-failure';

/** "BITS 1.5 Upload Protocol", the one protocol the pages define. */
export const UPLOAD_PROTOCOL = '{7df0354d-249b-430f-820d-3d2a9bef4931}';

/** Every request packet is sent with this method. */
export const BITS_METHOD = 'BITS_POST';

export type PacketType = 'Ping' | 'Create-Session' | 'Fragment' | 'Close-Session' | 'Cancel-Session';

export interface PacketFields {
  type: PacketType;
  sessionId?: string | null;
  /** Fragment: `bytes a-b/total`. */
  contentRange?: string;
  /** Fragment: the upload's name, on the first fragment. */
  contentName?: string;
}

/** The request headers of a packet; the job's own headers first, the protocol's over them. */
export function packetHeaders(fields: PacketFields, jobHeaders: Record<string, string>): Headers {
  const headers = new Headers(jobHeaders);
  headers.set('BITS-Packet-Type', fields.type);
  if (fields.type === 'Create-Session') headers.set('BITS-Supported-Protocols', UPLOAD_PROTOCOL);
  if (fields.sessionId) headers.set('BITS-Session-Id', fields.sessionId);
  if (fields.contentRange) headers.set('Content-Range', fields.contentRange);
  if (fields.contentName) headers.set('Content-Name', fields.contentName);
  return headers;
}

/** `Content-Range` of the fragment [start, end) of `total` bytes (end exclusive). */
export function fragmentRange(start: number, end: number, total: number): string {
  return `bytes ${start}-${end - 1}/${total}`;
}

/**
 * Where packets go: the upload URL, or with `BITS-Host-Id` the same URL on that server ("the client
 * must replace the server part of the remote URL on all subsequent packets").
 */
export function packetUrl(url: string, hostId: string | null): string {
  if (hostId === null) return url;
  const target = new URL(url);
  try {
    target.hostname = hostId;
  } catch {
    return url;
  }
  return target.href;
}

/** What an Ack says. Header values the client does not understand read as null. */
export interface Ack {
  status: number;
  sessionId: string | null;
  protocol: string | null;
  hostId: string | null;
  hostIdFallbackMs: number | null;
  /** BITS-Received-Content-Range: the offset of the next byte the server expects. */
  received: number | null;
  replyUrl: string | null;
  /** BITS-Error-Code (the Win32 pages) or BITS-Error (MC-BUP), as a 32-bit HRESULT. */
  errorCode: number | null;
  errorContext: number | null;
  retryAfter: string | null;
}

/** An HRESULT written `0x8020001F`, `x8020001F` (MC-BUP), or in decimal (negative too). */
export function parseHresult(text: string | null): number | null {
  if (text === null) return null;
  const value = text.trim();
  const hex = /^0?x([0-9a-f]{1,8})$/i.exec(value);
  if (hex?.[1]) return Number.parseInt(hex[1], 16) >>> 0;
  if (/^-?\d{1,10}$/.test(value)) return Number(value) >>> 0;
  return null;
}

function offset(text: string | null): number | null {
  if (text === null || !/^\d{1,16}$/.test(text.trim())) return null;
  return Number(text.trim());
}

export function readAck(status: number, headers: Headers): Ack {
  const fallback = offset(headers.get('bits-host-id-fallback-timeout'));
  return {
    status,
    sessionId: headers.get('bits-session-id')?.trim() || null,
    protocol: headers.get('bits-protocol')?.trim() || null,
    hostId: headers.get('bits-host-id')?.trim() || null,
    hostIdFallbackMs: fallback === null ? null : fallback * 1000,
    received: offset(headers.get('bits-received-content-range')),
    replyUrl: headers.get('bits-reply-url')?.trim() || null,
    errorCode: parseHresult(headers.get('bits-error-code') ?? headers.get('bits-error')),
    errorContext: parseHresult(headers.get('bits-error-context')),
    retryAfter: headers.get('retry-after'),
  };
}

export const SESSION_NOT_FOUND = 0x8020001f;

export const isSessionLost = (ack: Ack): boolean => ack.errorCode === SESSION_NOT_FOUND;

/** Why an Ack that is not a success failed: the server's BITS error if it sent one, else its status. */
export function ackFailure(ack: Ack, now: number): FailureCause {
  const retryAfterMs = parseRetryAfter(ack.retryAfter, now);
  if (ack.errorCode !== null) {
    return {
      kind: 'bits',
      status: ack.status,
      hresult: ack.errorCode,
      errorContext: ack.errorContext,
      retryAfterMs,
    };
  }
  return { kind: 'http', status: ack.status, retryAfterMs };
}

/** The reply's URL: `BITS-Reply-URL` may be relative, with backslashes (MC-BUP's example). */
export function resolveReplyUrl(replyUrl: string, packetTarget: string): string | null {
  try {
    const url = new URL(replyUrl.replace(/\\/g, '/'), packetTarget);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
