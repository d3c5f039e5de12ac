/**
 * The WS transport with the standard WebSocket class rather than the test's NodeWebSocket: Node 20
 * has it behind --experimental-websocket, so a child Node runs standard-websocket-probe.ts.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { installedAria2Version, startAria2Daemon, type Aria2Daemon } from './aria2-daemon';
import { startGatedFileServer, type GatedFileServer } from './gated-file-server';

const PROBE = fileURLToPath(new URL('./standard-websocket-probe.ts', import.meta.url));

let daemon: Aria2Daemon;
let files: GatedFileServer;
beforeAll(async () => {
  daemon = await startAria2Daemon();
  files = await startGatedFileServer();
});
afterAll(async () => {
  await daemon?.stop();
  await files?.close();
});

it("drives aria2 through the standard WebSocket: answers, notifications and the secret's refusal", async () => {
  const file = files.add('/std/file.bin', { size: 50_000 });
  // Node 22 and later have WebSocket without the flag.
  const flag = typeof globalThis.WebSocket === 'undefined' ? ['--experimental-websocket'] : [];
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      ...flag,
      '--no-warnings',
      '--import',
      'tsx',
      PROBE,
      daemon.wsAddress,
      daemon.secret,
      files.url('/std/file.bin'),
    ],
    { timeout: 25_000 },
  );
  const result: unknown = JSON.parse(stdout.trim().split('\n').at(-1) ?? '');
  expect(result).toEqual({
    version: installedAria2Version(),
    gid: expect.stringMatching(/^[0-9a-f]{16}$/),
    methods: ['aria2.onDownloadStart', 'aria2.onDownloadComplete'],
    status: { gid: expect.any(String), status: 'complete', completedLength: file.data.length },
    wrongKind: 'unauthorized',
  });
});
