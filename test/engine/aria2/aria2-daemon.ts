/**
 * A real aria2c RPC daemon for one test file: its own free port on 127.0.0.1, its own secret and
 * download folder, no user configuration, and stopped afterwards (or when the test process dies).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Aria2Ports } from '../../../src/engine/aria2/aria2-client';
import { NodeWebSocket } from './node-websocket';

export const ARIA2C = '/usr/bin/aria2c';

export interface Aria2Daemon {
  port: number;
  secret: string;
  /** aria2's --dir: where it saves. */
  dir: string;
  httpAddress: string;
  wsAddress: string;
  /** Stops aria2 and removes its folder. */
  stop(): Promise<void>;
  /** Stops aria2 as a person would (SIGTERM: it saves its session), keeping its files. */
  halt(): Promise<void>;
  /** Starts it again on the same port with the same folder (and session file, if it has one). */
  restart(): Promise<void>;
}

export interface Aria2DaemonOptions {
  secret?: string;
  /** Keep unfinished downloads in a session file (--save-session, read back at restart). */
  session?: boolean;
}

/** The version line of `aria2c --version`, or a clear failure when aria2c is not installed. */
export function installedAria2Version(): string {
  const run = spawnSync(ARIA2C, ['--version'], { encoding: 'utf8' });
  const version = /^aria2 version (\S+)/.exec(run.stdout ?? '')?.[1];
  if (run.error !== undefined || version === undefined) {
    throw new Error(`${ARIA2C} is missing: install Debian's package aria2 (apt-get install aria2)`);
  }
  return version;
}

export async function startAria2Daemon(options: string | Aria2DaemonOptions = {}): Promise<Aria2Daemon> {
  const { secret = 'webbits-test-secret', session = false } =
    typeof options === 'string' ? { secret: options } : options;
  installedAria2Version();
  const root = await mkdtemp(join(tmpdir(), 'webbits-aria2-'));
  const dir = join(root, 'downloads');
  const sessionFile = session ? join(root, 'session.txt') : null;
  if (sessionFile !== null) await writeFile(sessionFile, '');
  const launch = (port: number) => {
    const child = spawn(ARIA2C, [...daemonArgs(port, secret, dir), ...sessionArgs(sessionFile)], {
      // No http_proxy & co. (aria2 reads them) and a HOME of its own: nothing of the user's is used.
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: root },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    return { child, stderr: () => stderr };
  };
  // A port found free can be taken before aria2 binds it: then aria2 exits and we try another.
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const port = await freePort();
    let running = launch(port);
    if (await listening(port, running.child)) {
      return {
        port,
        secret,
        dir,
        httpAddress: `http://127.0.0.1:${port}/jsonrpc`,
        wsAddress: `ws://127.0.0.1:${port}/jsonrpc`,
        stop: async () => {
          await stopChild(running.child);
          await rm(root, { recursive: true, force: true });
        },
        halt: () => stopChild(running.child),
        restart: async () => {
          await stopChild(running.child);
          running = launch(port);
          if (!(await listening(port, running.child))) {
            throw new Error(`aria2c did not start again on port ${port}: ${running.stderr().trim()}`);
          }
        },
      };
    }
    await stopChild(running.child);
    if (attempt === 2) throw new Error(`aria2c did not start on port ${port}: ${running.stderr().trim()}`);
  }
  throw new Error('unreachable');
}

/** aria2 writes its unfinished downloads (gid included) there every second and when it stops. */
function sessionArgs(sessionFile: string | null): string[] {
  if (sessionFile === null) return [];
  return [`--input-file=${sessionFile}`, `--save-session=${sessionFile}`, '--save-session-interval=1'];
}

function daemonArgs(port: number, secret: string, dir: string): string[] {
  return [
    '--no-conf',
    '--quiet',
    '--enable-rpc',
    `--rpc-listen-port=${port}`,
    `--rpc-secret=${secret}`,
    `--dir=${dir}`,
    '--rpc-listen-all=false',
    '--no-netrc=true',
    '--enable-dht=false',
    '--enable-dht6=false',
    '--file-allocation=none',
    // Should the test process die without stopping it, aria2 stops by itself.
    `--stop-with-process=${process.pid}`,
  ];
}

export function nodeAria2Ports(): Required<Aria2Ports> {
  return {
    fetch: (url, init) => fetch(url, init),
    WebSocket: NodeWebSocket,
    timers: {
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** True once the port accepts connections; false if aria2 exits first or 10 s pass. */
async function listening(port: number, child: ChildProcess): Promise<boolean> {
  for (let tries = 0; tries < 200; tries += 1) {
    if (child.exitCode !== null || child.signalCode !== null) return false;
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const force = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(force);
}
