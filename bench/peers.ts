/**
 * The tools a person would otherwise pick, run as child processes against the same URL in the same
 * run: curl (one connection) and aria2c (N connections, 1 MiB pieces). Each writes to a temp folder;
 * the time is from spawn to exit, the file's sha256 is checked so a fast wrong answer cannot win.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PeerRun {
  seconds: number;
  sha256: string;
  /** Parts of the run timed on their own (WebBITS: the transfer before the save), in seconds. */
  parts?: Record<string, number>;
}

export function hasCommand(name: string): boolean {
  return spawnSync('which', [name], { stdio: 'ignore' }).status === 0;
}

export function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} exited ${code}: ${stderr.slice(-500)}`)),
    );
  });
}

export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function timed(command: string, args: string[], output: string): Promise<PeerRun> {
  const started = performance.now();
  await run(command, args);
  const seconds = (performance.now() - started) / 1000;
  return { seconds, sha256: await sha256OfFile(output) };
}

export async function curlDownload(url: string): Promise<PeerRun> {
  const dir = mkdtempSync(join(tmpdir(), 'webbits-curl-'));
  const out = join(dir, 'file');
  try {
    return await timed('curl', ['--silent', '--show-error', '--fail', '--output', out, url], out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function aria2Download(url: string, connections: number): Promise<PeerRun> {
  const dir = mkdtempSync(join(tmpdir(), 'webbits-aria2-'));
  try {
    const args = [
      `-x${connections}`,
      `-s${connections}`,
      '-k1M',
      '--file-allocation=none',
      '--allow-overwrite=true',
      '--auto-file-renaming=false',
      '--console-log-level=warn',
      '--summary-interval=0',
      '-d',
      dir,
      '-o',
      'file',
      url,
    ];
    return await timed('aria2c', args, join(dir, 'file'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
