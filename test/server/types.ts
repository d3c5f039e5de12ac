import type { IncomingMessage, ServerResponse } from 'node:http';

/** A generated file: its bytes are a pure function of (seed, offset), so nothing is held in memory. */
export interface FileSpec {
  size: number;
  /** Content seed. When absent the server derives one from the path (see the handle's `spec`). */
  seed?: number;
  /** Default `application/octet-stream`. */
  contentType?: string;
  contentDisposition?: string;
  /** Default true. False: every request gets 200 with the full body and `Accept-Ranges: none`. */
  ranges?: boolean;
  /** Default true. False: chunked body without `Content-Length`; implies no range support. */
  sendLength?: boolean;
  /** Default true: a strong ETag that changes whenever the content changes. */
  etag?: boolean;
  /** Default true: a Last-Modified date that changes whenever the content changes. */
  lastModified?: boolean;
  /** Default `no-store`, so browsers never answer from their HTTP cache. */
  cacheControl?: string;
  /** A `name=value` the request's Cookie header must hold, or the answer is 403 (a logged-in file). */
  requireCookie?: string;
}

/** A file spec whose seed is known. */
export type ResolvedFileSpec = FileSpec & { seed: number };

export type Fault =
  /** Send the headers and N body bytes, then reset the TCP connection (RST). */
  | { kind: 'reset'; afterBytes: number }
  /** Send the headers and N body bytes, then nothing more until the client or the server closes. */
  | { kind: 'stall'; afterBytes: number }
  /** Answer with this status (416 also carries `Content-Range: bytes *\/size`). */
  | { kind: 'status'; status: number; retryAfter?: string }
  /** Answer 200 with the full body whatever the Range header says. */
  | { kind: 'ignore-range' }
  /** Answer 206 whose Content-Range is shifted by one byte from what the body holds. */
  | { kind: 'wrong-content-range' }
  /** Announce the full length but send `missingBytes` fewer, then close the connection (FIN). */
  | { kind: 'short-body'; missingBytes: number }
  /** The file changes (new seed, ETag and Last-Modified) from this request on; served normally. */
  | { kind: 'change' }
  /** `hops` 302 responses before the file itself is served. */
  | { kind: 'redirect'; hops: number };

export type FaultKind = Fault['kind'];

export interface RandomFaultOptions {
  /** Chance, 0..1, that a request gets a fault. */
  probability: number;
  kinds: FaultKind[];
  /** At most this many random faults in all for this path. */
  max: number;
  seed: number;
}

export interface RequestLogEntry {
  method: string;
  /** Path without the query string. */
  path: string;
  range: string | null;
  ifRange: string | null;
  /** The `Cookie` and `Referer` headers as received: what a job carried to this server. */
  cookie: string | null;
  referer: string | null;
  /** `Host` as received: 127.0.0.1 and localhost are two sites on one server. */
  host: string | null;
  /** The status sent; 0 while the headers are not yet sent. */
  status: number;
  /** The fault applied to this request, if any. */
  fault: FaultKind | null;
}

export interface PathStats {
  requests: number;
  bodyBytesSent: number;
}

export interface ServerStats {
  requests: number;
  /**
   * Body bytes written to sockets, all paths together: a write counts once flushed to the socket,
   * and only if no resetStats() came between handing it over and the flush.
   */
  bodyBytesSent: number;
  byPath: Map<string, PathStats>;
  log: RequestLogEntry[];
  /** Responses in progress now. */
  active: number;
  /** Most responses in progress at once since the start (or the last `resetStats()`). */
  maxConcurrent: number;
  /** TCP connections accepted (keep-alive reuses them). */
  connections: number;
}

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface FileHandle {
  url: string;
  /** The current spec, seed filled in; changes when the file changes. */
  readonly spec: ResolvedFileSpec;
  /** sha256 (hex) of the current content. */
  sha256(): Promise<string>;
}

export interface TestServer {
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  url(path: string): string;
  addFile(path: string, spec: FileSpec): FileHandle;
  removeFile(path: string): void;
  /** New content seed and new validators (ETag, Last-Modified) from the next request on. */
  changeFile(path: string): void;
  addRoute(path: string, handler: RouteHandler): void;
  queueFaults(path: string, ...faults: Fault[]): void;
  randomFaults(path: string, opts: RandomFaultOptions): void;
  /** Drops queued and random faults of one path, or of all paths. */
  clearFaults(path?: string): void;
  /** Bytes per second per response; null = unlimited. With a path, for that path only (overrides the global one). */
  setThrottle(bytesPerSecondPerConnection: number | null, path?: string): void;
  readonly stats: ServerStats;
  resetStats(): void;
  /** Resolves on the next request to `path` (matching the predicate) received after this call. */
  waitForRequest(path: string, predicate?: (r: RequestLogEntry) => boolean): Promise<RequestLogEntry>;
  /**
   * Signed links: from now on `path` is served only with `?sig=<token>` of a live signature;
   * others get 403 (an expired CDN link). Returns a fresh signed URL each call, valid until
   * `expireSignatures` or, with `lifetimeMs`, until that much time has passed.
   */
  signUrl(path: string, lifetimeMs?: number): string;
  /** Every signature of `path` given so far expires: their requests get 403 from now on. */
  expireSignatures(path: string): void;
  /** Resets (RST) the connections of every response to `path` in progress now. */
  dropConnections(path: string): void;
  /** Closes the server and destroys every open socket (stalled responses end too). */
  close(): Promise<void>;
}

export interface StartOptions {
  /** Default 0: an ephemeral port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
}
