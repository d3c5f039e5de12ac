/**
 * The test HTTP server: a real `node:http` server on 127.0.0.1 (ephemeral port) serving generated
 * files of any size, with Range/If-Range, validators, throttling, byte counters and scripted faults.
 *
 *   const server = await startTestServer();
 *   const file = server.addFile('/album/01.mp3', { size: 8 << 20, contentType: 'audio/mpeg' });
 *   // file.url, file.spec (seed filled in), await file.sha256() === expectedSha256(file.spec)
 *   server.queueFaults('/album/01.mp3', { kind: 'reset', afterBytes: 1 << 20 }, { kind: 'status', status: 503, retryAfter: '1' });
 *   server.randomFaults('/album/01.mp3', { probability: 0.3, kinds: ['reset', 'status'], max: 5, seed: 7 });
 *   server.setThrottle(256 * 1024);             // bytes/s per response; null = unlimited, 0 = paused
 *   const seen = server.waitForRequest('/album/01.mp3', (r) => r.range !== null);  // before acting
 *   server.stats.bodyBytesSent, .byPath.get(path), .log, .active, .maxConcurrent; server.resetStats()
 *   await server.close();                       // destroys open (also stalled) connections
 *
 * Content: byte i of a file is a pure function of (seed, i) (content.ts); `expectedBytes(spec,
 * start, end)` (end exclusive) and `expectedSha256(spec)` give what the client must end up with. A
 * spec without seed gets one derived from its path, so use the handle's `spec`, not the one passed.
 *
 * Responses: GET and HEAD; a single `Range: bytes=a-b | a- | -n` → 206 with
 * `Content-Range: bytes a-b/total` (416 + `bytes *\/total` when unsatisfiable; several ranges or a
 * malformed one → 200); an `If-Range` that is not the current strong ETag or Last-Modified → 200.
 * Headers: Accept-Ranges, ETag (strong), Last-Modified, Content-Type, Content-Disposition,
 * Content-Length, Cache-Control: no-store, CORS. `ranges: false` → always 200; `sendLength: false` →
 * chunked without Content-Length (and no ranges). Keep-alive works.
 *
 * Faults (types.ts) are queued per path and each consumed by the next request to it (a HEAD leaves
 * reset/stall/short-body for the next GET); a random mode draws them from a seeded generator. Redirect hops go through `/__redirect/<n>/<path>`. Counters
 * count body bytes once flushed to the socket. `addRoute(path, handler)` serves custom pages.
 * `readBody(response)` reads a fetch body to the end or to its error: `{ bytes, error }`.
 */
export { startTestServer } from './server';
export { expectedBytes, expectedSha256, seedForPath, PAGE_SIZE } from './content';
export { decideRange, ifRangeHolds } from './http-range';
export { bodyReader, readBody, requiredHeader, sha256Hex, type ReadResult } from './read-body';
export type {
  Fault,
  FaultKind,
  FileHandle,
  FileSpec,
  PathStats,
  RandomFaultOptions,
  RequestLogEntry,
  ResolvedFileSpec,
  RouteHandler,
  ServerStats,
  StartOptions,
  TestServer,
} from './types';
