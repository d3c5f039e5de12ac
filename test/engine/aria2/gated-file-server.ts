/**
 * A tiny file server on 127.0.0.1 for aria2 to download from. A file can require a Cookie and a
 * Referer (403 without them, as a store's CDN would), be throttled, and serves single byte ranges
 * so aria2 can resume it after a pause.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface GatedFile {
  data: Buffer;
  sha256: string;
  /** Both must be sent exactly like this, or the answer is 403. */
  cookie?: string;
  referer?: string;
  /** Bytes per second; unlimited when absent. */
  bytesPerSecond?: number;
}

export interface SeenRequest {
  path: string;
  cookie: string | null;
  referer: string | null;
  status: number;
}

export interface GatedFileServer {
  url(path: string): string;
  add(path: string, file: Omit<GatedFile, 'data' | 'sha256'> & { size: number }): GatedFile;
  readonly seen: SeenRequest[];
  close(): Promise<void>;
}

export async function startGatedFileServer(): Promise<GatedFileServer> {
  const files = new Map<string, GatedFile>();
  const seen: SeenRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => serve(files, seen, req, res));
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    add(path, { size, ...rest }) {
      const data = randomBytes(size);
      const file = { ...rest, data, sha256: createHash('sha256').update(data).digest('hex') };
      files.set(path, file);
      return file;
    },
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function serve(
  files: Map<string, GatedFile>,
  seen: SeenRequest[],
  req: IncomingMessage,
  res: ServerResponse,
): void {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  const file = files.get(path);
  const cookie = req.headers.cookie ?? null;
  const referer = req.headers.referer ?? null;
  let status = 200;
  if (file === undefined) status = 404;
  else if (
    (file.cookie !== undefined && cookie !== file.cookie) ||
    (file.referer !== undefined && referer !== file.referer)
  ) {
    status = 403;
  }
  seen.push({ path, cookie, referer, status });
  if (file === undefined || status !== 200) {
    res.writeHead(status).end();
    return;
  }
  const size = file.data.length;
  const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
  const start = range === null ? 0 : Number(range[1]);
  const end = range === null || range[2] === '' ? size - 1 : Math.min(Number(range[2]), size - 1);
  if (start > end) {
    res.writeHead(416, { 'Content-Range': `bytes */${size}` }).end();
    return;
  }
  res.writeHead(range === null ? 200 : 206, {
    'Accept-Ranges': 'bytes',
    'Content-Length': String(end - start + 1),
    'Content-Type': 'application/octet-stream',
    ...(range === null ? {} : { 'Content-Range': `bytes ${start}-${end}/${size}` }),
  });
  send(res, file, start, end + 1);
}

/** Writes [from, to) at the file's pace, stopping when the client goes away. */
function send(res: ServerResponse, file: GatedFile, from: number, to: number): void {
  if (file.bytesPerSecond === undefined) {
    res.end(file.data.subarray(from, to));
    return;
  }
  const step = Math.max(1, Math.floor(file.bytesPerSecond / 10));
  let at = from;
  const timer = setInterval(() => {
    const next = Math.min(to, at + step);
    res.write(file.data.subarray(at, next));
    at = next;
    if (at >= to) {
      clearInterval(timer);
      res.end();
    }
  }, 100);
  res.on('close', () => clearInterval(timer));
}
