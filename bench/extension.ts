/**
 * bench/extension: one large file through the built extension in real Chromium, beside the tools a
 * person would otherwise use, in the same run against the same loopback server:
 *
 * - throttled per connection (as many servers do): WebBITS with 4, 6 and 8 connections, aria2c with
 *   the same, curl, and Chromium's own download;
 * - unthrottled: WebBITS (1 and 4 connections), Chromium's own download and curl.
 *
 * Prints medians and ratios; asserts nothing about speed.
 */
import type { ExtensionSession } from '../test/e2e/harness';
import { startTestServer, type TestServer } from '../test/server';
import { chromiumDownload } from './chromium-download';
import { extensionDownload, launchBenchExtension, MiB } from './extension-session';
import { describeMachine } from './machine';
import { aria2Download, curlDownload, hasCommand } from './peers';
import { printTable, ratio } from './report';
import { runRounds, type BenchCase } from './rounds';

export interface ExtensionBenchOptions {
  sizeMiB: number;
  rounds: number;
  /** Per-connection server throttle for the throttled table, bytes/s. */
  throttle: number;
  /** 'throttled' and/or 'unthrottled': the tables to run. */
  tables: readonly string[];
}

const BLANK_PAGE = '/bench/index.html';
const FILE_PATH = '/bench/large.bin';

export function serveBlankPage(server: TestServer): string {
  server.addRoute(BLANK_PAGE, (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end('<!doctype html><meta charset="utf-8"><title>bench</title><body></body>');
  });
  return server.url(BLANK_PAGE);
}

function cases(ext: ExtensionSession, server: TestServer, url: string, bytes: number) {
  const pageUrl = server.url(BLANK_PAGE);
  const webbits = (n: number): BenchCase => ({
    name: `webbits ${n} conn`,
    run: () => extensionDownload(ext, url, n),
  });
  const chromium: BenchCase = {
    name: 'chromium',
    run: () => chromiumDownload(ext.context, ext.downloadDir, pageUrl, url, bytes),
  };
  const curl: BenchCase[] = hasCommand('curl') ? [{ name: 'curl', run: () => curlDownload(url) }] : [];
  const aria2 = (n: number): BenchCase[] =>
    hasCommand('aria2c') ? [{ name: `aria2c -x${n}`, run: () => aria2Download(url, n) }] : [];
  return { webbits, chromium, curl, aria2 };
}

const fmt = (x: number | null): string => (x === null ? 'n/a' : `${x.toFixed(2)}×`);

async function runThrottled(
  opts: ExtensionBenchOptions,
  server: TestServer,
  c: ReturnType<typeof cases>,
  expected: string,
  bytes: number,
): Promise<void> {
  server.setThrottle(opts.throttle);
  const limited = await runRounds(
    [
      c.webbits(4),
      c.webbits(6),
      c.webbits(8),
      ...c.aria2(4),
      ...c.aria2(6),
      ...c.aria2(8),
      ...c.curl,
      c.chromium,
    ],
    expected,
    bytes,
    opts.rounds,
  );
  printTable(`Throttled to ${(opts.throttle / 1e6).toFixed(1)} MB/s per connection`, limited, [
    'aria2c -x4',
    'chromium',
  ]);
  console.log(
    `webbits vs aria2c, same connections: 4 → ${fmt(ratio(limited, 'webbits 4 conn', 'aria2c -x4'))},` +
      ` 6 → ${fmt(ratio(limited, 'webbits 6 conn', 'aria2c -x6'))},` +
      ` 8 → ${fmt(ratio(limited, 'webbits 8 conn', 'aria2c -x8'))}`,
  );
}

export async function runExtensionBench(opts: ExtensionBenchOptions): Promise<void> {
  const server = await startTestServer();
  const ext = await launchBenchExtension();
  const bytes = opts.sizeMiB * MiB;
  try {
    serveBlankPage(server);
    const file = server.addFile(FILE_PATH, {
      size: bytes,
      contentDisposition: 'attachment; filename="large.bin"',
    });
    const expected = await file.sha256();
    const c = cases(ext, server, file.url, bytes);
    console.log(
      `\nbench/extension: ${opts.sizeMiB} MiB, built extension in Chromium, ${opts.rounds} round(s), median of rounds`,
    );
    console.log(`machine: ${describeMachine()}`);

    if (opts.tables.includes('throttled')) await runThrottled(opts, server, c, expected, bytes);
    if (!opts.tables.includes('unthrottled')) return;
    server.setThrottle(null);
    const open = await runRounds(
      [c.webbits(1), c.webbits(4), ...c.curl, c.chromium],
      expected,
      bytes,
      opts.rounds,
    );
    printTable('Unthrottled (loopback)', open, ['chromium', 'curl']);
    console.log(
      `webbits 4 conn vs Chromium's own download: transfer ${fmt(ratio(open, 'webbits 4 conn (transfer)', 'chromium'))},` +
        ` until saved ${fmt(ratio(open, 'webbits 4 conn', 'chromium'))}`,
    );
  } finally {
    await ext.close();
    await server.close();
  }
}
