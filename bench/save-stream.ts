/**
 * bench/save-stream: can the browser's save of a file overlap its transfer? Issue 10 asked whether
 * the browser could download a URL the extension serves as a stream while the bytes arrive. This
 * loads a plain probe extension (written to a temporary folder, not WebBITS) whose service worker
 * answers `/stream/...` with a `ReadableStream`, and measures, for `--size` MiB (default 512):
 * - `downloads.download` of that extension URL (does the service worker see the request at all?);
 * - the same URL opened in a hidden frame of an extension page (a navigation the service worker
 *   answers; the response, `Content-Disposition: attachment`, becomes a download), once with bytes
 *   generated in the worker and once read from an OPFS file in 1 MiB slices, as a streamed save of
 *   a backing file would;
 * - the save WebBITS makes today: `downloads.download` of a `blob:` URL of the OPFS file.
 * Every saved file's sha256 is checked against the bytes written.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchExtension } from '../test/e2e/harness';
import { MiB } from './extension-session';
import { describeMachine } from './machine';
import { sha256OfFile } from './peers';
import { printColumns } from './report';

export interface SaveStreamOptions {
  sizeMiB: number;
}

const MANIFEST = {
  manifest_version: 3,
  name: 'save-stream probe',
  version: '1',
  background: { service_worker: 'sw.js' },
  permissions: ['downloads'],
};

/**
 * Byte i of every probe file (each MiB differs, repeating every 64 MiB, so the generated stream
 * reuses 64 chunks). Node checks the saved files with it; the probe gets its source.
 */
const patternByte = (i: number): number => (i * 7 + ((i >>> 20) & 63)) & 255;
const PATTERN = `const patternByte = ${patternByte.toString()};`;

const SERVICE_WORKER = `${PATTERN}
let fetchEvents = 0;
self.addEventListener('activate', (event) => event.waitUntil(clients.claim()));
function mibChunk(index) {
  const chunk = new Uint8Array(1048576);
  for (let j = 0; j < chunk.length; j++) chunk[j] = patternByte(index * 1048576 + j);
  return chunk;
}
self.addEventListener('fetch', (event) => {
  const [, route, kind, arg] = new URL(event.request.url).pathname.split('/');
  if (route !== 'stream') return;
  fetchEvents++;
  const respond = async () => {
    let size, next;
    if (kind === 'generated') {
      size = Number(arg) * 1048576;
      const chunks = [];
      next = async (i) => (chunks[i % 64] ??= mibChunk(i));
    } else {
      const file = await (await (await navigator.storage.getDirectory()).getFileHandle(arg)).getFile();
      size = file.size;
      next = async (i) => new Uint8Array(await file.slice(i * 1048576, (i + 1) * 1048576).arrayBuffer());
    }
    let i = 0;
    const body = new ReadableStream({
      async pull(controller) {
        if (i * 1048576 >= size) return controller.close();
        controller.enqueue(await next(i++));
      },
    }, { highWaterMark: 0 });
    return new Response(body, { headers: {
      'Content-Type': 'application/octet-stream',
      'Content-Length': String(size),
      'Content-Disposition': 'attachment; filename="streamed-' + kind + '.bin"',
    } });
  };
  event.respondWith(respond());
});
self.fetchEvents = () => fetchEvents;
`;

/** The extension page: writes the OPFS file, starts each kind of save, and times it to "complete". */
const PAGE = `${PATTERN}
function settled(start) {
  return new Promise((resolve) => {
    let id = null;
    const listener = (delta) => {
      if (id === null || delta.id !== id || !delta.state || delta.state.current === 'in_progress') return;
      chrome.downloads.onChanged.removeListener(listener);
      chrome.downloads.search({ id }, ([item]) => resolve({ state: item.state, error: item.error || '', file: item.filename }));
    };
    chrome.downloads.onChanged.addListener(listener);
    chrome.downloads.onCreated.addListener(function created(item) {
      chrome.downloads.onCreated.removeListener(created);
      id = item.id;
    });
    start();
  });
}
async function timed(start) {
  const t = performance.now();
  const outcome = await settled(start);
  return Object.assign(outcome, { seconds: (performance.now() - t) / 1000 });
}
self.probe = {
  async writeFile(name, mib) {
    const handle = await (await navigator.storage.getDirectory()).getFileHandle(name, { create: true });
    const writable = await handle.createWritable();
    const chunk = new Uint8Array(1048576);
    for (let i = 0; i < mib; i++) {
      for (let j = 0; j < chunk.length; j++) chunk[j] = patternByte(i * 1048576 + j);
      await writable.write(chunk);
    }
    await writable.close();
  },
  downloadUrl: (url, filename) => timed(() => chrome.downloads.download({ url, filename })),
  async downloadBlobOf(name) {
    const file = await (await (await navigator.storage.getDirectory()).getFileHandle(name)).getFile();
    const url = URL.createObjectURL(file);
    try { return await timed(() => chrome.downloads.download({ url, filename: 'blob-' + name })); }
    finally { URL.revokeObjectURL(url); }
  },
  inFrame: (path) => timed(() => {
    const frame = document.createElement('iframe');
    frame.src = chrome.runtime.getURL(path);
    document.body.appendChild(frame);
  }),
};
`;

function writeProbeExtension(): string {
  const dir = mkdtempSync(join(tmpdir(), 'webbits-save-stream-'));
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(MANIFEST));
  writeFileSync(join(dir, 'sw.js'), SERVICE_WORKER);
  writeFileSync(join(dir, 'page.js'), PAGE);
  writeFileSync(join(dir, 'page.html'), '<!doctype html><script src="page.js"></script>');
  return dir;
}

function expectedSha256(bytes: number): string {
  const hash = createHash('sha256');
  const chunk = Buffer.alloc(MiB);
  for (let at = 0; at < bytes; at += MiB) {
    for (let j = 0; j < MiB; j++) chunk[j] = patternByte(at + j);
    hash.update(chunk.subarray(0, Math.min(MiB, bytes - at)));
  }
  return hash.digest('hex');
}

/** The save WebBITS makes now, the reference of the other cases' times. */
const TODAY = 'downloads.download(blob: of the OPFS file) (today)';

interface Outcome {
  state: string;
  error: string;
  file: string;
  seconds: number;
}

export async function runSaveStreamBench(opts: SaveStreamOptions): Promise<void> {
  const bytes = opts.sizeMiB * MiB;
  const extensionDir = writeProbeExtension();
  const ext = await launchExtension({ extensionDir });
  try {
    console.log(`\nbench/save-stream: saving ${opts.sizeMiB} MiB from an extension, 1 round`);
    console.log(`machine: ${describeMachine()}`);
    const worker = await ext.serviceWorker();
    const page = await ext.openExtensionPage('page');
    const expected = expectedSha256(bytes);
    await page.evaluate(
      (mib) => (self as never as ProbePage).probe.writeFile('backing.bin', mib),
      opts.sizeMiB,
    );
    const url = (path: string) => `chrome-extension://${ext.extensionId}/${path}`;
    const cases: Array<[string, () => Promise<Outcome>]> = [
      [
        'downloads.download(extension URL)',
        () =>
          page.evaluate(
            (u) => (self as never as ProbePage).probe.downloadUrl(u, 'direct.bin'),
            url(`stream/generated/${opts.sizeMiB}`),
          ),
      ],
      [
        'frame → service worker, bytes generated',
        () =>
          page.evaluate(
            (p) => (self as never as ProbePage).probe.inFrame(p),
            `stream/generated/${opts.sizeMiB}`,
          ),
      ],
      [
        'frame → service worker, OPFS file in 1 MiB slices',
        () => page.evaluate(() => (self as never as ProbePage).probe.inFrame('stream/opfs/backing.bin')),
      ],
      [TODAY, () => page.evaluate(() => (self as never as ProbePage).probe.downloadBlobOf('backing.bin'))],
    ];
    const results: Array<{ name: string; outcome: Outcome; events: number; check: string }> = [];
    for (const [name, start] of cases) {
      const before = (await worker.evaluate('self.fetchEvents()')) as number;
      const outcome = await start();
      const events = ((await worker.evaluate('self.fetchEvents()')) as number) - before;
      const check =
        outcome.state === 'complete'
          ? (await sha256OfFile(outcome.file)) === expected
            ? 'right'
            : 'WRONG'
          : '-';
      process.stderr.write(`  ${name}: ${outcome.state} ${outcome.error} ${outcome.seconds.toFixed(2)} s\n`);
      results.push({ name, outcome, events, check });
    }
    const today = results.find((r) => r.name === TODAY)?.outcome.seconds;
    const rows = results.map(({ name, outcome, events, check }) => {
      const done = outcome.state === 'complete';
      return [
        name,
        `${outcome.state}${outcome.error ? ` ${outcome.error}` : ''}`,
        String(events),
        done ? outcome.seconds.toFixed(2) : '-',
        done ? (bytes / 1e6 / outcome.seconds).toFixed(1) : '-',
        done && today ? (outcome.seconds / today).toFixed(2) : '-',
        check,
      ];
    });
    console.log('');
    printColumns(['case', 'outcome', 'fetch events', 's', 'MB/s', '× time of today', 'sha256'], rows);
  } finally {
    await ext.close();
    rmSync(extensionDir, { recursive: true, force: true });
  }
}

interface ProbePage {
  probe: {
    writeFile(name: string, mib: number): Promise<void>;
    downloadUrl(url: string, filename: string): Promise<Outcome>;
    downloadBlobOf(name: string): Promise<Outcome>;
    inFrame(path: string): Promise<Outcome>;
  };
}
