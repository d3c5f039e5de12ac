import type { PacketType } from './types';

/** "BITS 1.5 Upload Protocol", the one protocol the pages define (Create-Session; MC-BUP 1.7.1). */
export const UPLOAD_PROTOCOL = '{7df0354d-249b-430f-820d-3d2a9bef4931}';

/** HRESULTs of MC-BUP 2.2.1.2, written as the pages write them: hexadecimal with 0x. */
export const HRESULT = {
  /** 500: the session is not (or no longer) known. */
  BG_E_SESSION_NOT_FOUND: '0x8020001F',
  /** 400: a malformed or unexpected request. */
  E_INVALIDARG: '0x80070057',
  /** 403 / 501: not allowed, or uploads not enabled. */
  E_ACCESSDENIED: '0x80070005',
  /** A fragment longer than the server takes. */
  BG_E_TOO_LARGE: '0x80200020',
} as const;

/** BITS-Error-Context: the server itself (BG_ERROR_CONTEXT_REMOTE_FILE) or the server application. */
export const CONTEXT_SERVER = '0x5';
export const CONTEXT_REMOTE_APPLICATION = '0x7';

const PACKET_TYPES: readonly PacketType[] = [
  'Ping',
  'Create-Session',
  'Fragment',
  'Close-Session',
  'Cancel-Session',
];

/** MC-BUP spells the values in capitals (CREATE-SESSION), the BITS client as above: match either. */
export function packetTypeOf(value: string | undefined): PacketType | null {
  if (value === undefined) return null;
  const wanted = value.trim().toLowerCase();
  return PACKET_TYPES.find((type) => type.toLowerCase() === wanted) ?? null;
}

/** A response: status, headers in order, optional body. */
export interface WireResponse {
  status: number;
  headers: [string, string][];
  body?: Buffer;
}

/**
 * An Ack packet. Every Ack carries `Content-Length` (0: "required even if the body of the response
 * does not include content") and no body.
 */
export function ack(status: number, headers: [string, string][] = []): WireResponse {
  return { status, headers: [['BITS-Packet-Type', 'Ack'], ...headers, ['Content-Length', '0']] };
}

/** An Ack reporting an error: the HRESULT and its context, plus the session when the request named one. */
export function errorAck(
  errorHeader: string,
  status: number,
  errorCode: string,
  sessionId: string | null,
  context = CONTEXT_SERVER,
): WireResponse {
  const headers: [string, string][] = [];
  if (sessionId !== null) headers.push(['BITS-Session-Id', sessionId]);
  headers.push([errorHeader, errorCode], ['BITS-Error-Context', context]);
  return ack(status, headers);
}
