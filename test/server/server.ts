import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { expectedSha256 } from './content';
import { FaultPlan } from './fault-plan';
import { changedFileEntry, createFileEntry, type FileEntry } from './file-entry';
import { nextHopLocation, parseRedirectPath } from './redirect-path';
import { planFileResponse, redirectPlan, statusPlan } from './response-plan';
import { sendPlan } from './send-plan';
import {
  createStats,
  recordBodyBytes,
  recordRequest,
  resetStats,
  responseEnded,
  responseStarted,
} from './stats';
import type { FileHandle, RequestLogEntry, RouteHandler, StartOptions, TestServer } from './types';

interface RequestWaiter {
  path: string;
  predicate: (entry: RequestLogEntry) => boolean;
  resolve: (entry: RequestLogEntry) => void;
}

const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers':
    'Content-Range, Content-Length, Content-Disposition, ETag, Last-Modified, Accept-Ranges, Retry-After',
};

/** Paths are plain text in the API and percent-encoded on the wire. */
function requestPath(rawUrl: string | undefined): string {
  const pathname = new URL(rawUrl ?? '/', 'http://test.invalid').pathname;
  try {
    return decodeURIComponent(pathname);
  } catch {
    return pathname;
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

export async function startTestServer(options: StartOptions = {}): Promise<TestServer> {
  const host = options.host ?? '127.0.0.1';
  const files = new Map<string, FileEntry>();
  const routes = new Map<string, RouteHandler>();
  const faults = new FaultPlan();
  const stats = createStats();
  let statsEpoch = 0;
  const throttles = new Map<string, number | null>();
  let globalThrottle: number | null = null;
  const waiters = new Set<RequestWaiter>();
  const sockets = new Set<Socket>();
  /** Signed paths and their live signatures, each with when it expires. */
  const signatures = new Map<string, Map<string, number>>();
  let nextSignature = 1;
  const inFlight = new Map<string, Set<ServerResponse>>();

  const throttleFor = (path: string) => (): number | null =>
    throttles.has(path) ? (throttles.get(path) ?? null) : globalThrottle;

  const changeFile = (path: string): FileEntry => {
    const entry = files.get(path);
    if (!entry) throw new Error(`No file at ${path}`);
    const changed = changedFileEntry(entry);
    files.set(path, changed);
    return changed;
  };

  const notifyWaiters = (entry: RequestLogEntry): void => {
    for (const waiter of waiters) {
      if (waiter.path === entry.path && waiter.predicate(entry)) {
        waiters.delete(waiter);
        waiter.resolve(entry);
      }
    }
  };

  const serveFile = async (
    req: IncomingMessage,
    res: ServerResponse,
    log: RequestLogEntry,
  ): Promise<void> => {
    let entry = files.get(log.path) as FileEntry;
    const live = signatures.get(log.path);
    const sig = new URL(req.url ?? '/', 'http://test.invalid').searchParams.get('sig') ?? '';
    if (live && !((live.get(sig) ?? 0) > Date.now())) {
      log.status = 403;
      notifyWaiters(log);
      await sendPlan(res, statusPlan(403, entry.spec.size), {
        seed: 0,
        bytesPerSecond: () => null,
        flushCounter: () => () => undefined,
      });
      return;
    }
    const responses = inFlight.get(log.path) ?? new Set<ServerResponse>();
    inFlight.set(log.path, responses);
    responses.add(res);
    res.once('close', () => responses.delete(res));
    const fault = faults.next(log.path, entry.spec.size, req.method !== 'HEAD');
    log.fault = fault?.kind ?? null;
    if (fault?.kind === 'change') entry = changeFile(log.path);
    const cookies = (log.cookie ?? '').split(/;\s*/);
    const refused = entry.spec.requireCookie !== undefined && !cookies.includes(entry.spec.requireCookie);
    const plan = refused
      ? statusPlan(403, entry.spec.size)
      : req.method === 'GET' || req.method === 'HEAD'
        ? planFileResponse(
            {
              method: req.method,
              path: log.path,
              range: log.range ?? undefined,
              ifRange: log.ifRange ?? undefined,
            },
            entry,
            fault,
          )
        : statusPlan(405, entry.spec.size);
    log.status = plan.status;
    notifyWaiters(log);
    await sendPlan(res, plan, {
      seed: entry.spec.seed,
      bytesPerSecond: throttleFor(log.path),
      flushCounter: () => {
        // Bytes written before a resetStats() but flushed after it belong to the old period.
        const epoch = statsEpoch;
        return (bytes) => {
          if (epoch === statsEpoch) recordBodyBytes(stats, log.path, bytes);
        };
      },
    });
  };

  const route = async (req: IncomingMessage, res: ServerResponse, log: RequestLogEntry): Promise<void> => {
    for (const [name, value] of Object.entries(CORS_HEADERS)) res.setHeader(name, value);
    if (req.method === 'OPTIONS') {
      log.status = 204;
      notifyWaiters(log);
      res.writeHead(204, {
        'Access-Control-Allow-Methods': 'GET, HEAD',
        'Access-Control-Allow-Headers': '*',
      });
      res.end();
      return;
    }
    const hop = parseRedirectPath(log.path);
    const handler = routes.get(log.path);
    if (files.has(log.path)) return serveFile(req, res, log);
    notifyWaiters(log);
    if (handler) {
      await handler(req, res);
      log.status = res.statusCode;
      return;
    }
    const plan = hop ? redirectPlan(nextHopLocation(hop)) : statusPlan(404, 0);
    log.status = plan.status;
    await sendPlan(res, plan, { seed: 0, bytesPerSecond: () => null, flushCounter: () => () => undefined });
  };

  const server = createServer((req, res) => {
    const log: RequestLogEntry = {
      method: req.method ?? 'GET',
      path: requestPath(req.url),
      range: header(req, 'range') ?? null,
      ifRange: header(req, 'if-range') ?? null,
      cookie: header(req, 'cookie') ?? null,
      referer: header(req, 'referer') ?? null,
      host: header(req, 'host') ?? null,
      status: 0,
      fault: null,
    };
    recordRequest(stats, log);
    responseStarted(stats);
    res.once('close', () => responseEnded(stats));
    route(req, res, log).catch((error: unknown) => {
      console.error(`test server: ${log.method} ${log.path} failed`, error);
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end(String(error));
      } else {
        res.destroy();
      }
    });
  });
  server.on('connection', (socket) => {
    stats.connections++;
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const url = (path: string): string => origin + encodeURI(path.startsWith('/') ? path : `/${path}`);

  return {
    origin,
    url,
    addFile(path, spec): FileHandle {
      files.set(path, createFileEntry(path, spec));
      const current = (): FileEntry => {
        const entry = files.get(path);
        if (!entry) throw new Error(`No file at ${path}`);
        return entry;
      };
      return {
        url: url(path),
        get spec() {
          return current().spec;
        },
        sha256: () => expectedSha256(current().spec),
      };
    },
    removeFile: (path) => void files.delete(path),
    changeFile: (path) => void changeFile(path),
    addRoute: (path, handler) => void routes.set(path, handler),
    queueFaults: (path, ...list) => faults.queue(path, list),
    randomFaults: (path, opts) => faults.setRandom(path, opts),
    clearFaults: (path) => faults.clear(path),
    setThrottle(bytesPerSecond, path) {
      if (path === undefined) globalThrottle = bytesPerSecond;
      else if (bytesPerSecond === null) throttles.delete(path);
      else throttles.set(path, bytesPerSecond);
    },
    stats,
    resetStats() {
      statsEpoch++;
      resetStats(stats);
    },
    signUrl(path, lifetimeMs = Infinity) {
      const live = signatures.get(path) ?? new Map<string, number>();
      signatures.set(path, live);
      const sig = `s${nextSignature++}`;
      live.set(sig, Date.now() + lifetimeMs);
      return `${url(path)}?sig=${sig}`;
    },
    expireSignatures(path) {
      signatures.get(path)?.clear();
    },
    dropConnections(path) {
      for (const res of inFlight.get(path) ?? []) res.socket?.resetAndDestroy();
    },
    waitForRequest(path, predicate = () => true) {
      return new Promise((resolve) => waiters.add({ path, predicate, resolve }));
    },
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
