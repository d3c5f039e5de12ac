/**
 * The Chrome build of WebBITS's previous release, for the update-in-place test: the last build
 * before the engine host, which keeps every byte as IndexedDB chunk records. Its sources come from
 * git (`git archive`, so the repository's worktrees are not touched), it builds with its own
 * vite.config.ts against this checkout's node_modules, and the result is cached under
 * .tmp/previous-build/<commit>/chrome so later runs take it from there.
 *
 *   const dir = previousBuild();   // a folder with manifest.json; copy it before loading it
 */
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  realpathSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The previous release: "End-to-end tests start the server and the extension through one useServerAndExtension". */
export const PREVIOUS_RELEASE = '907c08506bd6ad7f22c505019dc6825e8e4ffba8';

const ROOT = resolve(import.meta.dirname, '../..');
const CACHE = join(ROOT, '.tmp', 'previous-build');
const DONE = '.complete';

function hasCommit(commit: string): boolean {
  try {
    execFileSync('git', ['cat-file', '-e', `${commit}^{commit}`], { cwd: ROOT, stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The built extension folder of `commit` (dist/chrome of that commit), built once and cached. */
export function previousBuild(commit = PREVIOUS_RELEASE): string {
  const cached = join(CACHE, commit);
  const chrome = join(cached, 'chrome');
  if (existsSync(join(cached, DONE)) && existsSync(join(chrome, 'manifest.json'))) return chrome;
  if (!hasCommit(commit))
    throw new Error(
      `Commit ${commit.slice(0, 7)} (WebBITS's previous release, which this test updates from) is not in ` +
        `this repository, probably a shallow clone: fetch the full history (git fetch --unshallow) and run again.`,
    );

  const sources = mkdtempSync(join(tmpdir(), 'webbits-previous-'));
  try {
    const archive = execFileSync('git', ['archive', '--format=tar', commit], {
      cwd: ROOT,
      maxBuffer: 1 << 30,
    });
    execFileSync('tar', ['-x', '-C', sources], { input: archive });
    symlinkSync(realpathSync(join(ROOT, 'node_modules')), join(sources, 'node_modules'));
    // That commit's package.json builds with `vite build` and its vite.config.ts.
    execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: sources, stdio: 'pipe' });
    const built = join(sources, 'dist', 'chrome');
    if (!existsSync(join(built, 'manifest.json')))
      throw new Error(`Building ${commit.slice(0, 7)} left no ${built}/manifest.json`);

    mkdirSync(CACHE, { recursive: true });
    const partial = mkdtempSync(join(CACHE, `${commit}.partial-`));
    cpSync(built, join(partial, 'chrome'), { recursive: true });
    writeFileSync(join(partial, DONE), `${new Date().toISOString()}\n`);
    rmSync(cached, { recursive: true, force: true });
    renameSync(partial, cached);
    return chrome;
  } finally {
    rmSync(sources, { recursive: true, force: true });
  }
}
