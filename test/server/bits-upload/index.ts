/**
 * A BITS Upload Protocol server (docs/bits-upload-server.md) for WebBITS upload jobs: requests with
 * the method BITS_POST, read over `net` by the server itself, on 127.0.0.1 (ephemeral port).
 *
 *   const server = await startBitsUploadServer({ hostId: '127.0.0.1' });
 *   server.setReply('/up/report.bin', {});          // upload-reply: default reply = the upload's sha256
 *   server.queueFaults('/up/a.bin', { kind: 'reset', afterBodyBytes: 4096 }, { kind: 'unavailable', retryAfter: '1' });
 *   // ... the client: Ping, Create-Session, Fragments, Close-Session to server.url('/up/a.bin')
 *   server.uploadedFile('/up/a.bin')?.sha256;       // committed by Close-Session
 *   server.sessions, server.expireSession(id), server.expireAll()
 *   server.stats.bodyBytesReceived, .bytesWritten, .byPacketType, .log; server.resetStats()
 *   const seen = server.waitForRequest((r) => r.packetType === 'Close-Session');   // before acting
 *   await server.close();                            // destroys connections, removes the temp files
 *
 * Received bytes go to a temporary file per session as they arrive (no upload sits in memory).
 * Faults are queued per path and each waits for the packet type it targets (types.ts).
 */
export { startBitsUploadServer } from './server';
export { CONTEXT_REMOTE_APPLICATION, CONTEXT_SERVER, HRESULT, UPLOAD_PROTOCOL } from './protocol';
export type {
  BitsUploadServer,
  BitsUploadServerOptions,
  BitsUploadStats,
  Fault,
  FaultKind,
  PacketType,
  ReplyOptions,
  RequestLogEntry,
  RequestOutcome,
  SessionInfo,
  SessionState,
  UploadedFile,
} from './types';
