/**
 * Chromium's own download of a URL, the baseline a person gets without any extension: a page on the
 * server's origin clicks a link to the file (served with `Content-Disposition: attachment`), the
 * browser saves it into its download folder, and the time runs until the finished file (no
 * `.crdownload` left, full size) is there. The file is hashed and deleted like every peer's.
 */
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { sha256OfFile, type PeerRun } from './peers';

const POLL_MS = 50;

/** Resolves with the first new file in `dir` that is complete (`size` bytes, not a partial download). */
async function nextCompleteFile(dir: string, before: ReadonlySet<string>, size: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const names = readdirSync(dir);
    const partial = names.some((name) => name.endsWith('.crdownload'));
    for (const name of names) {
      if (before.has(name) || name.endsWith('.crdownload') || partial) continue;
      const path = join(dir, name);
      if (statSync(path).isFile() && statSync(path).size === size) return path;
    }
    if (Date.now() > deadline) throw new Error(`Chromium's download did not finish within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/**
 * `pageUrl` must be a page on the file's origin (any HTML page); `fileUrl` the file. Uses `context`
 * as it is, so it can run in the same browser as the extension (which does not touch the browser's
 * own downloads) or in one without it.
 */
export async function chromiumDownload(
  context: BrowserContext,
  downloadDir: string,
  pageUrl: string,
  fileUrl: string,
  size: number,
  timeoutMs = 30 * 60_000,
): Promise<PeerRun> {
  const page = await context.newPage();
  try {
    await page.goto(pageUrl);
    const before = new Set(readdirSync(downloadDir));
    const started = performance.now();
    await page.evaluate((href) => {
      const link = document.createElement('a');
      link.href = href;
      link.download = '';
      document.body.append(link);
      link.click();
    }, fileUrl);
    const path = await nextCompleteFile(downloadDir, before, size, timeoutMs);
    const seconds = (performance.now() - started) / 1000;
    const sha256 = await sha256OfFile(path);
    rmSync(path, { force: true });
    return { seconds, sha256 };
  } finally {
    await page.close();
  }
}
