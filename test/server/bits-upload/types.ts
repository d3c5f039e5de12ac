/** The request packets of the BITS Upload Protocol, spelled as the BITS client sends them. */
export type PacketType = 'Ping' | 'Create-Session' | 'Fragment' | 'Close-Session' | 'Cancel-Session';

export type Fault =
  /**
   * Read N body bytes of the request, then reset the TCP connection (RST) instead of answering.
   * With N below the body's length the request is cut short and nothing of it is kept; with N at or
   * above it the request is processed whole and only its Ack is lost. Waits for the next Fragment
   * unless `packet` names another type.
   */
  | { kind: 'reset'; afterBodyBytes: number; packet?: PacketType }
  /** A plain HTTP 503 with `Retry-After` (no BITS headers, as from an overloaded front end). */
  | { kind: 'unavailable'; retryAfter?: string; packet?: PacketType }
  /** The server forgets the request's session just before it, so it is answered "session not found". */
  | { kind: 'lose-session'; packet?: PacketType }
  /** An Ack with this status and `BITS-Error-Code` (context 0x5 unless given); nothing is processed. */
  | { kind: 'status'; status: number; errorCode: string; errorContext?: string; packet?: PacketType };

export type FaultKind = Fault['kind'];

export interface ReplyOptions {
  /** The reply the server application "generates". Default: the upload's sha256 in hex. */
  body?: string | Uint8Array | ((upload: UploadedFile) => string | Uint8Array);
  contentType?: string;
  /**
   * `absolute` (default): `BITS-Reply-URL` is a full URL. `relative`: the form of MC-BUP's example,
   * `BITS-Sessions\Replies\{id}\responsefile.bin`, relative to the upload URL.
   */
  urlStyle?: 'absolute' | 'relative';
}

export interface BitsUploadServerOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: an ephemeral port. */
  port?: number;
  /** Sent as `BITS-Host-Id` in every Ack for Create-Session. */
  hostId?: string;
  /** Seconds, sent as `BITS-Host-Id-Fallback-Timeout` (only with `hostId`). */
  hostIdFallbackTimeout?: number;
  /** A longer Fragment is answered 413 with BG_E_TOO_LARGE. Default: no limit. */
  maxFragmentBytes?: number;
  /** Default true: a BITS_POST without `Content-Length` gets 411 (MC-BUP 3.2.5.2.3). */
  requireContentLength?: boolean;
  /** The header errors are named in. Default `BITS-Error-Code` (the Win32 pages); MC-BUP says `BITS-Error`. */
  errorHeader?: 'BITS-Error-Code' | 'BITS-Error';
  /** Where the server's temporary directory is made. Default `os.tmpdir()`. */
  tempParent?: string;
}

export type SessionState =
  /** Fragments are still expected. */
  | 'receiving'
  /** Every byte is there (and the reply, if any, is ready); waiting for Close-Session. */
  | 'uploaded';

export interface SessionInfo {
  /** As sent in `BITS-Session-Id`: `{GUID}` in upper case. */
  readonly id: string;
  /** The upload's path (the remote-URL of the packets), decoded. */
  readonly path: string;
  readonly state: SessionState;
  /** Bytes received so far: the offset the next fragment must start at. */
  readonly received: number;
  /** The total length from the first fragment's Content-Range; null before it. */
  readonly total: number | null;
  readonly contentName: string | null;
  /** The file the received bytes are appended to; gone once the session ends. */
  readonly tempFile: string;
  /** The reply's URL path for an upload-reply session that has all its bytes, else null. */
  readonly replyPath: string | null;
}

export interface UploadedFile {
  readonly path: string;
  readonly size: number;
  /** Hex sha256 of the committed bytes. */
  readonly sha256: string;
  readonly contentName: string | null;
  readonly sessionId: string;
  /** Where the bytes are on disk (under the server's temporary directory). */
  readonly file: string;
  bytes(): Promise<Buffer>;
}

export type RequestOutcome =
  /** A response was sent. */
  | 'answered'
  /** The server reset the connection (a `reset` fault). */
  | 'reset'
  /** The client's connection ended before the request's body did. */
  | 'aborted';

export interface RequestLogEntry {
  method: string;
  /** Decoded path without the query string. */
  path: string;
  /** The BITS-Packet-Type as sent, or null. */
  packetType: string | null;
  /** The request's BITS-Session-Id, or the one created for a Create-Session. */
  sessionId: string | null;
  contentRange: string | null;
  /** Body bytes the server read from this request. */
  bodyBytes: number;
  /** Status sent; 0 when none was. */
  status: number;
  /** The BITS-Error-Code sent, if any. */
  errorCode: string | null;
  fault: FaultKind | null;
  outcome: RequestOutcome;
}

export interface BitsUploadStats {
  requests: number;
  /** Requests per BITS-Packet-Type (`Create-Session` also counts `CREATE-SESSION`); `other` for none. */
  byPacketType: Map<string, number>;
  /** Request body bytes read from sockets (fragments, overlaps and aborted ones included). */
  bodyBytesReceived: number;
  /** New bytes that completed fragments added to their sessions: each byte of an upload once. */
  bytesWritten: number;
  /** TCP connections accepted (keep-alive reuses them). */
  connections: number;
  log: RequestLogEntry[];
}

export interface BitsUploadServer {
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  url(path: string): string;
  /** Live sessions by id (the server's table of active sessions). */
  readonly sessions: ReadonlyMap<string, SessionInfo>;
  /** The committed upload at `path` (after its Close-Session), or undefined. */
  uploadedFile(path: string): UploadedFile | undefined;
  /** Makes `path` an upload-reply destination (null: a plain upload again). */
  setReply(path: string, reply: ReplyOptions | null): void;
  /** The server forgets the session, as on its session timeout: the next packet gets "not found". */
  expireSession(id: string): void;
  expireAll(): void;
  queueFaults(path: string, ...faults: Fault[]): void;
  clearFaults(path?: string): void;
  readonly stats: BitsUploadStats;
  resetStats(): void;
  /** Resolves with the next request (after this call) that matches, once it is logged as done. */
  waitForRequest(predicate: (entry: RequestLogEntry) => boolean): Promise<RequestLogEntry>;
  /** Destroys every connection and removes the temporary directory. */
  close(): Promise<void>;
}
