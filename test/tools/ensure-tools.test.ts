/**
 * ensure-tools.sh and `npm start`'s entry on a machine without Chromium: PATH is a temporary folder
 * holding bash and fakes of id, sudo and apt-get (which log their calls, and either fail or "install"
 * a package by writing a script of its name), so no real package is ever installed.
 */
import { execSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { chromiumPath } from '../e2e/harness';
import { ENSURE_TOOLS_SCRIPT, MissingToolError } from './ensure-tools';

const ROOT = resolve(import.meta.dirname, '../..');
const BASH = execSync('command -v bash', { shell: '/bin/sh' }).toString().trim();

const NEEDS_CHROMIUM_START =
  'WebBITS needs Chromium: install it (Debian/Ubuntu: sudo apt-get install chromium) and run npm start again.';
const INSTALLING_CHROMIUM_START = "WebBITS: installing Debian's chromium (needed for npm start)…";

interface Machine {
  /** Run as root (a fake `id -u` printing 0) or as user 1000. */
  root: boolean;
  /** A fake sudo that runs its command (after `-n` and VAR=value words) with those variables set. */
  sudo?: boolean;
  /**
   * No apt-get at all; apt-get exits 1; apt-get succeeds, its `install` writing each package as a
   * script; or apt-get succeeds and writes nothing.
   */
  apt: 'absent' | 'fails' | 'installs' | 'succeeds without installing';
}

interface Call {
  via: 'sudo' | 'apt-get';
  argv: string[];
  frontend: string | null;
}

let dir: string;
let bin: string;
let callLog: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'webbits-ensure-tools-'));
  bin = join(dir, 'bin');
  callLog = join(dir, 'calls.jsonl');
  mkdirSync(bin);
});
afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

function writeScript(name: string, text: string): void {
  writeFileSync(join(bin, name), text);
  chmodSync(join(bin, name), 0o755);
}

/** A fake command in Node that appends {via, argv, frontend} to the call log, then runs `body`. */
function writeLoggingScript(name: Call['via'], body: string): void {
  writeScript(
    name,
    `#!${process.execPath}
const fs = require('node:fs');
const argv = process.argv.slice(2);
fs.appendFileSync(${JSON.stringify(callLog)}, JSON.stringify({
  via: ${JSON.stringify(name)}, argv, frontend: process.env.DEBIAN_FRONTEND ?? null,
}) + '\\n');
${body}
`,
  );
}

function setUpMachine(machine: Machine): void {
  symlinkSync(BASH, join(bin, 'bash'));
  writeScript('id', `#!/bin/sh\necho ${machine.root ? 0 : 1000}\n`);
  if (machine.sudo) {
    writeLoggingScript(
      'sudo',
      `const words = argv.filter((word) => word !== '-n');
const env = { ...process.env };
while (words.length > 0 && /^[A-Z_]+=/.test(words[0])) {
  const [key, ...value] = words.shift().split('=');
  env[key] = value.join('=');
}
const run = require('node:child_process').spawnSync(words[0], words.slice(1), { env, stdio: 'inherit' });
process.exit(run.status ?? 1);`,
    );
  }
  if (machine.apt === 'fails') writeLoggingScript('apt-get', 'process.exit(1);');
  if (machine.apt === 'succeeds without installing') writeLoggingScript('apt-get', '');
  if (machine.apt === 'installs') {
    writeLoggingScript(
      'apt-get',
      `if (argv[0] === 'install') {
  for (const pkg of argv.slice(1).filter((word) => !word.startsWith('-'))) {
    fs.writeFileSync(${JSON.stringify(bin)} + '/' + pkg, '#!/bin/sh\\necho fake ' + pkg + '\\n', { mode: 0o755 });
  }
}`,
    );
  }
}

function calls(): Call[] {
  if (!existsSync(callLog)) return [];
  return readFileSync(callLog, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Call);
}

function run(command: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(command, args, {
    cwd: ROOT,
    env: { PATH: bin, HOME: dir },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function ensureTools(...args: string[]): ReturnType<typeof run> {
  return run(BASH, [ENSURE_TOOLS_SCRIPT, ...args]);
}

function expectNoStackTrace(output: string): void {
  expect(output).not.toMatch(/^\s+at /m);
  expect(output).not.toMatch(/Error:/);
}

describe('ensure-tools.sh without Chromium', () => {
  it('says in one sentence what to install when apt-get fails', () => {
    setUpMachine({ root: true, apt: 'fails' });
    const result = ensureTools('--for', 'npm start', 'chromium');
    expect(result.status).toBe(1);
    expect(result.stdout).toBe(`${INSTALLING_CHROMIUM_START}\n`);
    expect(result.stderr).toBe(`${NEEDS_CHROMIUM_START}\n`);
    expectNoStackTrace(result.stdout + result.stderr);
    expect(calls()).toEqual([{ via: 'apt-get', argv: ['update', '-qq'], frontend: 'noninteractive' }]);
  });

  it('says it without trying when it is neither root nor has sudo', () => {
    setUpMachine({ root: false, apt: 'fails' });
    const result = ensureTools('--for', 'npm start', 'chromium');
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`${NEEDS_CHROMIUM_START}\n`);
    expect(calls()).toEqual([]);
  });

  it('says it without trying when there is no apt-get', () => {
    setUpMachine({ root: true, apt: 'absent' });
    const result = ensureTools('--for', 'npm start', 'chromium');
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`${NEEDS_CHROMIUM_START}\n`);
  });

  it('names every missing tool in the one sentence', () => {
    setUpMachine({ root: false, sudo: true, apt: 'fails' });
    const result = ensureTools('--for', '.ci/run', 'chromium', 'aria2c', 'curl');
    expect(result.status).toBe(1);
    expect(result.stdout.trim().split('\n')).toEqual([
      "WebBITS: installing Debian's chromium (needed for .ci/run)…",
      "WebBITS: installing Debian's aria2 (needed for .ci/run)…",
      "WebBITS: installing Debian's curl (needed for .ci/run)…",
    ]);
    expect(result.stderr).toBe(
      'WebBITS needs Chromium, aria2 and curl: install them (Debian/Ubuntu: sudo apt-get install chromium aria2 curl) and run .ci/run again.\n',
    );
  });

  it('carries on, saying what will be skipped, when an optional tool cannot be installed', () => {
    setUpMachine({ root: true, apt: 'fails' });
    const result = ensureTools(
      '--for',
      'npm test',
      '--optional',
      'the Firefox tests will be skipped',
      'firefox-esr',
    );
    expect(result.status).toBe(0);
    expect(result.stdout).toBe("WebBITS: installing Debian's firefox-esr (needed for npm test)…\n");
    expect(result.stderr).toBe(
      'WebBITS could not install Firefox ESR (Debian/Ubuntu: sudo apt-get install firefox-esr), so the Firefox tests will be skipped.\n',
    );
  });

  it('installs it as root, saying so in one line', () => {
    setUpMachine({ root: true, apt: 'installs' });
    const result = ensureTools('--for', 'npm start', 'chromium');
    expect(result).toEqual({ status: 0, stdout: `${INSTALLING_CHROMIUM_START}\n`, stderr: '' });
    expect(calls()).toEqual([
      { via: 'apt-get', argv: ['update', '-qq'], frontend: 'noninteractive' },
      { via: 'apt-get', argv: ['install', '-y', '-qq', 'chromium'], frontend: 'noninteractive' },
    ]);
    expect(existsSync(join(bin, 'chromium'))).toBe(true);
  });

  it('installs it through sudo, which must not prompt without a terminal', () => {
    setUpMachine({ root: false, sudo: true, apt: 'installs' });
    const result = ensureTools('--for', 'npm start', 'chromium');
    expect(result).toEqual({ status: 0, stdout: `${INSTALLING_CHROMIUM_START}\n`, stderr: '' });
    const sudoCalls = calls().filter((call) => call.via === 'sudo');
    expect(sudoCalls.map((call) => call.argv)).toEqual([
      ['-n', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', 'update', '-qq'],
      ['-n', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', 'install', '-y', '-qq', 'chromium'],
    ]);
  });

  it('fails when apt-get succeeds but the command is still missing', () => {
    setUpMachine({ root: true, apt: 'succeeds without installing' });
    const result = ensureTools('--for', 'npm test', 'curl');
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("WebBITS: installing Debian's curl (needed for npm test)…\n");
    expect(result.stderr).toBe(
      'WebBITS needs curl: install it (Debian/Ubuntu: sudo apt-get install curl) and run npm test again.\n',
    );
  });

  it('does nothing when the tool is there', () => {
    setUpMachine({ root: false, apt: 'fails' });
    writeScript('chromium-browser', '#!/bin/sh\n');
    expect(ensureTools('--for', 'npm start', 'chromium')).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(calls()).toEqual([]);
  });
});

describe('npm start without Chromium', () => {
  it('stops before the build with the one sentence, and no stack trace', () => {
    setUpMachine({ root: true, apt: 'fails' });
    const result = run(process.execPath, ['--import', 'tsx', 'test/demo/start.ts']);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe(`${INSTALLING_CHROMIUM_START}\n`);
    expect(result.stderr).toBe(`${NEEDS_CHROMIUM_START}\n`);
    expectNoStackTrace(result.stdout + result.stderr);
  });

  it('has the harness say the same sentence when Chromium is not on PATH', () => {
    vi.stubEnv('PATH', bin);
    expect(() => chromiumPath()).toThrow(
      new MissingToolError(
        'WebBITS needs Chromium: install it (Debian/Ubuntu: sudo apt-get install chromium) and try again.',
      ),
    );
  });
});
