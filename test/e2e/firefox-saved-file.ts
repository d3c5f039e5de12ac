/**
 * Waiting for a file Firefox saves. Firefox creates the final name early (empty) and writes the
 * bytes into `<name>.part`, renaming it over the final name when the download completes; so a
 * file counts as saved once it has its full size and no `.part` sibling remains.
 */
import { existsSync, readdirSync, statSync, watch } from 'node:fs';
import { basename, dirname } from 'node:path';

/** True once `path` holds `size` bytes and Firefox no longer writes to `<path>.part`. */
export function isSaved(path: string, size: number): boolean {
  if (existsSync(`${path}.part`) || !existsSync(path)) return false;
  const stats = statSync(path);
  return stats.isFile() && stats.size === size;
}

/**
 * Resolves with `path` once it is saved with `size` bytes: watches its folder and also looks every
 * `intervalMs` (a watcher can miss a rename); rejects after `timeoutMs`, listing what the folder holds.
 */
export function waitForSavedFile(
  path: string,
  size: number,
  { timeoutMs = 30_000, intervalMs = 100 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<string> {
  const folder = dirname(path);
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolveSaved, reject) => {
    const watcher = watch(folder, () => check());
    const timer = setInterval(() => check(), intervalMs);
    let settled = false;
    function finish(error?: Error): void {
      if (settled) return;
      settled = true;
      watcher.close();
      clearInterval(timer);
      if (error) reject(error);
      else resolveSaved(path);
    }
    function check(): void {
      if (isSaved(path, size)) finish();
      else if (Date.now() > deadline) {
        const present = readdirSync(folder).map(
          (name) => `${name} (${statSync(`${folder}/${name}`).size} B)`,
        );
        finish(
          new Error(
            `${basename(path)} (${size} B) was not saved in ${folder} within ${timeoutMs} ms; ` +
              `the folder holds: ${present.join(', ') || 'nothing'}`,
          ),
        );
      }
    }
    check();
  });
}
