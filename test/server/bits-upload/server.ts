/*
 * A BITS Upload Protocol server for testing WebBITS upload jobs, built from the protocol's pages:
 *
 *   Microsoft Learn, Win32 BITS reference: "BITS Upload Protocol", "BITS Request Packets",
 *   "BITS Response Packets", "Ping", "Create-Session", "Fragment", "Close-Session",
 *   "Cancel-Session", "Ack for Ping", "Ack for Create-Session", "Ack for Fragment",
 *   "Ack for Close-Session", "Ack for Cancel-Session", "Handling Server Application Errors".
 *
 *   Microsoft Open Specifications: "[MC-BUP]: Background Intelligent Transfer Service (BITS)
 *   Upload Protocol": 2.2 Upload Message Syntax (error table in 2.2.1.2), 3.2 Upload Server
 *   Details (3.2.5.2.3 Common Message Validation, 3.2.5.2.4-8 per packet), 4 Protocol Examples,
 *   6 Appendix A: Product Behavior.
 *
 * Where the two disagree, or are silent, the choice made is in docs/bits-upload-server.md.
 */
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { serveConnection, type IncomingRequest, type Reply } from './connection';
import { FaultQueue } from './fault-queue';
import { plainResponse } from './http-wire';
import type { ReplyEntry } from './reply';
import { dispatch } from './request-router';
import type { ServerContext } from './server-context';
import { forgetSession } from './session-packets';
import { SessionTable } from './session-table';
import { createStats, recordRequest, resetStats } from './stats';
import type { BitsUploadServer, BitsUploadServerOptions, ReplyOptions, RequestLogEntry } from './types';

interface Waiter {
  predicate: (entry: RequestLogEntry) => boolean;
  resolve: (entry: RequestLogEntry) => void;
}

/** Headers a page's script may read (the extension itself needs no CORS). */
const EXPOSED =
  'BITS-Packet-Type, BITS-Protocol, BITS-Session-Id, BITS-Host-Id, BITS-Host-Id-Fallback-Timeout, ' +
  'BITS-Received-Content-Range, BITS-Reply-URL, BITS-Error-Code, BITS-Error, BITS-Error-Context, ' +
  'Retry-After, Content-Range';

function blankEntry(method: string, path: string): RequestLogEntry {
  return {
    method,
    path,
    packetType: null,
    sessionId: null,
    contentRange: null,
    bodyBytes: 0,
    status: 0,
    errorCode: null,
    fault: null,
    outcome: 'answered',
  };
}

export async function startBitsUploadServer(
  options: BitsUploadServerOptions = {},
): Promise<BitsUploadServer> {
  const host = options.host ?? '127.0.0.1';
  const table = await SessionTable.create(options.tempParent);
  const stats = createStats();
  const waiters = new Set<Waiter>();
  const sockets = new Set<Socket>();
  const connections = new Set<Promise<void>>();
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const context: ServerContext = {
    origin,
    options,
    errorHeader: options.errorHeader ?? 'BITS-Error-Code',
    table,
    faults: new FaultQueue(),
    stats,
    replyOptions: new Map<string, ReplyOptions>(),
    replies: new Map<string, ReplyEntry>(),
  };

  const finished = (entry: RequestLogEntry): void => {
    for (const waiter of waiters) {
      if (!waiter.predicate(entry)) continue;
      waiters.delete(waiter);
      waiter.resolve(entry);
    }
  };

  const handle = async (request: IncomingRequest): Promise<Reply> => {
    const { head, body } = request;
    const entry = blankEntry(head.method, head.path);
    entry.packetType = head.headers.get('bits-packet-type') ?? null;
    entry.sessionId = head.headers.get('bits-session-id') ?? null;
    entry.contentRange = head.headers.get('content-range') ?? null;
    recordRequest(stats, entry);
    try {
      const reply = await dispatch(context, request, entry);
      if (reply.kind === 'reset') {
        entry.outcome = 'reset';
        return reply;
      }
      // The rest of an unread body is read now, so the log counts it and the connection can go on.
      await body.drain();
      // A new header list: some responses (the preflight) are shared constants.
      const headers: [string, string][] = [
        ...reply.response.headers,
        ['Access-Control-Allow-Origin', '*'],
        ['Access-Control-Expose-Headers', EXPOSED],
      ];
      entry.status = reply.response.status;
      const errorHeader = context.errorHeader.toLowerCase();
      entry.errorCode = headers.find(([name]) => name.toLowerCase() === errorHeader)?.[1] ?? null;
      return { kind: 'response', response: { ...reply.response, headers } };
    } catch (error) {
      entry.outcome = 'aborted';
      throw error;
    } finally {
      entry.bodyBytes = body.consumed;
      finished(entry);
    }
  };

  server.on('connection', (socket) => {
    stats.connections++;
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    const serving = serveConnection(socket, {
      handle,
      malformed: (reason, status) => {
        const entry = blankEntry('', '');
        entry.status = status;
        recordRequest(stats, entry);
        finished(entry);
        return plainResponse(status, [], `${reason}\n`);
      },
      onBodyBytes: (bytes) => void (stats.bodyBytesReceived += bytes),
      onError: (error) => console.error('bits upload server: a request failed', error),
    }).finally(() => connections.delete(serving));
    connections.add(serving);
  });

  return {
    origin,
    url: (path) => origin + encodeURI(path.startsWith('/') ? path : `/${path}`),
    sessions: table.live,
    uploadedFile: (path) => table.uploaded(path),
    setReply(path, reply) {
      if (reply === null) context.replyOptions.delete(path);
      else context.replyOptions.set(path, reply);
    },
    expireSession(id) {
      const session = table.find(id);
      if (session) forgetSession(context, session);
    },
    expireAll() {
      for (const session of [...table.live.values()]) forgetSession(context, session);
    },
    queueFaults: (path, ...faults) => context.faults.queue(path, faults),
    clearFaults: (path) => context.faults.clear(path),
    stats,
    resetStats: () => resetStats(stats),
    waitForRequest: (predicate) => new Promise((resolve) => waiters.add({ predicate, resolve })),
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await Promise.allSettled([...connections]);
      await closed;
      await table.close();
    },
  };
}
