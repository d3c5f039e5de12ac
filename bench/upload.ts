/**
 * bench/upload: a loopback upload through the built extension in real Chromium (a staged Blob of
 * `--size` MiB, default 512, sent as an upload job over the BITS Upload Protocol in 1 MiB
 * fragments), beside `curl --data-binary @file` POSTing the same bytes to the same server in one
 * request (one Fragment of the whole file in a session of its own). Beside them, the same bytes
 * sent by a bare loop of `fetch` calls in an extension page (1 MiB, 8 MiB and one request): the
 * ceiling Chromium itself sets on one request at a time. Every run's bytes are checked on the
 * server (sha256). Target (issue 13): WebBITS at least 0.7× curl.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBitsUploadServer, type BitsUploadServer } from '../test/server/bits-upload';
import { PacketClient, payload } from '../test/server/bits-upload/test-client';
import { createUploadJob, stageBlob } from '../test/e2e/upload-hooks';
import type { ExtensionSession } from '../test/e2e/harness';
import { launchBenchExtension, MiB } from './extension-session';
import { describeMachine } from './machine';
import { hasCommand, run, type PeerRun } from './peers';
import { printTable } from './report';
import { runRounds, type BenchCase } from './rounds';
import { measureRequestCost } from './upload-request-cost';
import { createHash } from 'node:crypto';

export interface UploadBenchOptions {
  sizeMiB: number;
  rounds: number;
}

let uploads = 0;

async function webbitsUpload(
  ext: ExtensionSession,
  server: BitsUploadServer,
  bytes: number,
): Promise<PeerRun> {
  const path = `/bench/webbits-${++uploads}.bin`;
  const data = await stageBlob(ext, bytes, 5);
  const job = await createUploadJob(ext, server.origin, server.url(path), data, { priority: 'foreground' });
  const started = performance.now();
  await ext.api('resume', { id: job.id });
  const done = await ext.waitForJobState(
    (j) => j.id === job.id && (j.state === 'ACKNOWLEDGED' || j.state === 'ERROR'),
    600_000,
  );
  const seconds = (performance.now() - started) / 1000;
  if (done.state !== 'ACKNOWLEDGED') throw new Error(`webbits: ${done.error?.message ?? done.state}`);
  await ext.api('remove', { id: job.id });
  return { seconds, sha256: server.uploadedFile(path)?.sha256 ?? 'missing' };
}

type LoopBody =
  /** A Blob slice of the stored file, as WebBITS sends it: the browser process reads it. */
  | 'blob'
  /** The slice read into memory first (`arrayBuffer()`), then sent as bytes. */
  | 'bytes'
  /** The slice read into memory first, then sent as a new in-memory Blob of those bytes. */
  | 'memory blob'
  /** The whole file read into memory before the clock starts; each request sends a view of it. */
  | 'memory';

/**
 * The same bytes sent by a plain loop of `fetch` calls in an extension page, without WebBITS: one
 * Fragment per `requestBytes` (a body of `bodyKind`), then Close-Session. The ceiling a
 * protocol of one request at a time has in Chromium.
 */
async function fetchLoopUpload(
  ext: ExtensionSession,
  server: BitsUploadServer,
  bytes: number,
  requestBytes: number,
  bodyKind: LoopBody = 'blob',
): Promise<PeerRun> {
  const path = `/bench/fetch-loop-${++uploads}.bin`;
  const data = await stageBlob(ext, bytes, 5);
  const page = await ext.openExtensionPage('options');
  try {
    const seconds = await page.evaluate(
      async ([url, staged, step, kind]) => {
        const root = await navigator.storage.getDirectory();
        const folder = await root.getDirectoryHandle('staged');
        const file = await (await folder.getFileHandle(staged)).getFile();
        const whole = kind === 'memory' ? new Uint8Array(await file.arrayBuffer()) : null;
        const open = await fetch(url, {
          method: 'BITS_POST',
          headers: {
            'BITS-Packet-Type': 'Create-Session',
            'BITS-Supported-Protocols': '{7df0354d-249b-430f-820d-3d2a9bef4931}',
          },
          body: new Uint8Array(0),
        });
        const session = open.headers.get('bits-session-id') ?? '';
        const started = performance.now();
        for (let at = 0; at < file.size; at += step) {
          const end = Math.min(file.size, at + step);
          const answer = await fetch(url, {
            method: 'BITS_POST',
            headers: {
              'BITS-Packet-Type': 'Fragment',
              'BITS-Session-Id': session,
              'Content-Range': `bytes ${at}-${end - 1}/${file.size}`,
            },
            // Inline, not a named helper: the page gets this function's source as it is.
            body: whole
              ? whole.subarray(at, end)
              : kind === 'bytes'
                ? new Uint8Array(await file.slice(at, end).arrayBuffer())
                : kind === 'memory blob'
                  ? new Blob([await file.slice(at, end).arrayBuffer()])
                  : file.slice(at, end),
          });
          await answer.arrayBuffer();
        }
        const elapsed = (performance.now() - started) / 1000;
        await fetch(url, {
          method: 'BITS_POST',
          headers: { 'BITS-Packet-Type': 'Close-Session', 'BITS-Session-Id': session },
          body: new Uint8Array(0),
        });
        await folder.removeEntry(staged);
        return elapsed;
      },
      [server.url(path), data.staged, requestBytes, bodyKind] as const,
    );
    return { seconds, sha256: server.uploadedFile(path)?.sha256 ?? 'missing' };
  } finally {
    await page.close();
  }
}

/** The same 1 MiB fragments from Node (`node:http`, one keep-alive socket): the server's own cost per request. */
async function nodeLoopUpload(
  server: BitsUploadServer,
  bytes: number,
  requestBytes: number,
): Promise<PeerRun> {
  const path = `/bench/node-loop-${++uploads}.bin`;
  const data = payload(bytes, 5);
  const client = new PacketClient(server.origin);
  try {
    const session = await client.createSession(path);
    const started = performance.now();
    await client.uploadAll(path, session, data, requestBytes);
    const seconds = (performance.now() - started) / 1000;
    await client.packet(path, 'Close-Session', session);
    return { seconds, sha256: server.uploadedFile(path)?.sha256 ?? 'missing' };
  } finally {
    client.close();
  }
}

async function curlUpload(server: BitsUploadServer, file: string, bytes: number): Promise<PeerRun> {
  const path = `/bench/curl-${++uploads}.bin`;
  const client = new PacketClient(server.origin);
  try {
    const session = await client.createSession(path);
    const started = performance.now();
    await run('curl', [
      '--silent',
      '--show-error',
      '--fail',
      '--request',
      'BITS_POST',
      '--header',
      'BITS-Packet-Type: Fragment',
      '--header',
      `BITS-Session-Id: ${session}`,
      '--header',
      `Content-Range: bytes 0-${bytes - 1}/${bytes}`,
      '--data-binary',
      `@${file}`,
      '--output',
      '/dev/null',
      server.url(path),
    ]);
    const seconds = (performance.now() - started) / 1000;
    await client.packet(path, 'Close-Session', session);
    return { seconds, sha256: server.uploadedFile(path)?.sha256 ?? 'missing' };
  } finally {
    client.close();
  }
}

export async function runUploadBench(opts: UploadBenchOptions): Promise<void> {
  const bytes = opts.sizeMiB * MiB;
  const server = await startBitsUploadServer();
  const ext = await launchBenchExtension();
  const dir = mkdtempSync(join(tmpdir(), 'webbits-upload-bench-'));
  try {
    const data = payload(bytes, 5);
    const expected = createHash('sha256').update(data).digest('hex');
    const file = join(dir, 'upload.bin');
    writeFileSync(file, data);
    console.log(
      `\nbench/upload: ${opts.sizeMiB} MiB over loopback, ${opts.rounds} round(s), median of rounds`,
    );
    console.log(`machine: ${describeMachine()}`);
    const cases: BenchCase[] = [
      { name: 'webbits upload', run: () => webbitsUpload(ext, server, bytes) },
      { name: 'fetch loop, 1 MiB requests', run: () => fetchLoopUpload(ext, server, bytes, MiB) },
      { name: 'fetch loop, 1 MiB, bytes read', run: () => fetchLoopUpload(ext, server, bytes, MiB, 'bytes') },
      {
        name: 'fetch loop, 1 MiB, from memory',
        run: () => fetchLoopUpload(ext, server, bytes, MiB, 'memory'),
      },
      {
        name: 'fetch loop, 1 MiB, memory Blob',
        run: () => fetchLoopUpload(ext, server, bytes, MiB, 'memory blob'),
      },
      { name: 'node:http loop, 1 MiB', run: () => nodeLoopUpload(server, bytes, MiB) },
      { name: 'fetch loop, 8 MiB requests', run: () => fetchLoopUpload(ext, server, bytes, 8 * MiB) },
      { name: 'fetch, one request', run: () => fetchLoopUpload(ext, server, bytes, bytes) },
      ...(hasCommand('curl')
        ? [{ name: 'curl --data-binary', run: () => curlUpload(server, file, bytes) }]
        : []),
    ];
    // WEBBITS_UPLOAD_CASES=webbits,curl runs only the cases whose names contain one of the words.
    const only = process.env.WEBBITS_UPLOAD_CASES?.split(',').filter(Boolean) ?? [];
    const chosen =
      only.length === 0 ? cases : cases.filter((c) => only.some((word) => c.name.includes(word)));
    const rows = await runRounds(chosen, expected, bytes, opts.rounds);
    printTable('Upload, unthrottled (loopback)', rows, ['curl --data-binary', 'fetch loop, 1 MiB requests']);
    const cost = await measureRequestCost(ext, server);
    console.log(
      `\none request with no body (${cost.pings} Pings): Chromium's fetch ${cost.chromiumMs.toFixed(2)} ms, ` +
        `node:http ${cost.nodeMs.toFixed(2)} ms; ${opts.sizeMiB} fragments of 1 MiB pay ` +
        `${((opts.sizeMiB * cost.chromiumMs) / 1000).toFixed(2)} s of Chromium's request cost`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await ext.close();
    await server.close();
  }
}
