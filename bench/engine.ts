/**
 * bench/engine: one 256 MiB file over loopback from the test server, downloaded by the engine (memory
 * store and Dexie store), by curl and by aria2c, unthrottled and with the server throttled per
 * connection, in one run. Prints MB/s and ratios; asserts nothing about speed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { createEngine } from '../src/engine/jobs/engine';
import type { JobStore } from '../src/engine/ports';
import { DexieJobStore, MemoryJobStore, WebBitsDb } from '../src/store';
import { NodeFileSaver } from '../test/engine/node-saver';
import { nodePorts } from '../test/engine/node-ports';
import { startTestServer, type TestServer } from '../test/server';
import { aria2Download, curlDownload, hasCommand, sha256OfFile, type PeerRun } from './peers';
import { printTable, ratio, type Measurement } from './report';

const MiB = 1024 * 1024;

export interface EngineBenchOptions {
  sizeMiB: number;
  rounds: number;
  /** Per-connection server throttle for the throttled table, bytes/s. */
  throttle: number;
}

type StoreKind = 'memory' | 'dexie';

function makeStore(kind: StoreKind): JobStore {
  if (kind === 'memory') return new MemoryJobStore();
  const db = new WebBitsDb({ name: `bench-${Math.random()}`, indexedDB, IDBKeyRange });
  return new DexieJobStore(db, { chunkAsBlob: false });
}

interface EngineRun extends PeerRun {
  /** From createJob to TRANSFERRED: every byte in the store, before saving. */
  storedSeconds: number;
}

/**
 * The engine from createJob to the file saved on disk (ACKNOWLEDGED), checked by sha256; the time
 * to TRANSFERRED (all bytes stored) is kept too, since saving is the browser's job in the extension.
 */
async function engineDownload(url: string, connections: number, kind: StoreKind): Promise<EngineRun> {
  const downloads = mkdtempSync(join(tmpdir(), 'webbits-bench-'));
  const store = makeStore(kind);
  const saver = new NodeFileSaver(store, downloads);
  const engine = createEngine(nodePorts(store, saver), { settings: { connectionsPerFile: connections } });
  try {
    await engine.start();
    const started = performance.now();
    const job = await engine.createJob('user', { displayName: 'bench', files: [{ url, name: 'file.bin' }] });
    let storedAt = Number.NaN;
    const done = new Promise<string>((resolve, reject) => {
      const stop = engine.subscribe((info) => {
        if (info.id !== job.id) return;
        // The first TRANSFERRED event: later ones come while the file is being saved.
        if (info.state === 'TRANSFERRED' && Number.isNaN(storedAt)) storedAt = performance.now();
        if (info.state === 'ACKNOWLEDGED') resolve(info.files[0]?.localPath ?? 'file.bin');
        else if (info.state === 'ERROR' || info.state === 'TRANSIENT_ERROR')
          reject(new Error(`engine: ${info.error?.code}: ${info.error?.message}`));
        else return;
        stop();
      });
    });
    await engine.resume('user', job.id);
    const localPath = await done;
    const seconds = (performance.now() - started) / 1000;
    const storedSeconds = (storedAt - started) / 1000;
    return { seconds, storedSeconds, sha256: await sha256OfFile(join(downloads, localPath)) };
  } finally {
    await engine.stop();
    rmSync(downloads, { recursive: true, force: true });
  }
}

interface Case {
  name: string;
  run(url: string): Promise<PeerRun | EngineRun>;
}

async function measure(server: TestServer, cases: Case[], opts: EngineBenchOptions): Promise<Measurement[]> {
  const file = server.addFile('/bench/file.bin', { size: opts.sizeMiB * MiB });
  const expected = await file.sha256();
  const bytes = opts.sizeMiB * MiB;
  const rows = cases.map((c) => ({ name: c.name, bytes, seconds: [] as number[] }));
  const storedRows = new Map<string, Measurement>();
  // Rounds interleave the cases so that a slow moment of the machine touches all of them alike.
  for (let round = 0; round < opts.rounds; round++) {
    for (const [i, c] of cases.entries()) {
      const result = await c.run(file.url);
      if (result.sha256 !== expected) throw new Error(`${c.name}: wrong sha256 ${result.sha256}`);
      rows[i]?.seconds.push(result.seconds);
      if ('storedSeconds' in result) {
        const stored = storedRows.get(c.name) ?? { name: `${c.name} stored`, bytes, seconds: [] };
        stored.seconds.push(result.storedSeconds);
        storedRows.set(c.name, stored);
      }
      process.stderr.write(`  ${c.name}: ${result.seconds.toFixed(2)} s\n`);
    }
  }
  return [...rows, ...storedRows.values()];
}

export async function runEngineBench(opts: EngineBenchOptions): Promise<void> {
  const server = await startTestServer();
  const peers = { curl: hasCommand('curl'), aria2c: hasCommand('aria2c') };
  const webbits = (n: number, kind: StoreKind): Case => ({
    name: `webbits ${n} conn (${kind})`,
    run: (url) => engineDownload(url, n, kind),
  });
  const curl: Case[] = peers.curl ? [{ name: 'curl', run: curlDownload }] : [];
  const aria2 = (n: number): Case[] =>
    peers.aria2c ? [{ name: `aria2c -x${n}`, run: (url) => aria2Download(url, n) }] : [];
  try {
    console.log(`bench/engine: ${opts.sizeMiB} MiB over loopback, ${opts.rounds} round(s), median of rounds`);
    if (!peers.curl || !peers.aria2c) console.log(`missing peers: ${JSON.stringify(peers)}`);

    server.setThrottle(null);
    const open = await measure(
      server,
      [webbits(4, 'memory'), webbits(4, 'dexie'), webbits(8, 'memory'), ...curl, ...aria2(8)],
      opts,
    );
    printTable('Unthrottled (loopback)', open, ['curl', 'aria2c -x8']);

    server.setThrottle(opts.throttle);
    const limited = await measure(
      server,
      [
        webbits(1, 'memory'),
        webbits(4, 'memory'),
        webbits(4, 'dexie'),
        webbits(8, 'memory'),
        ...curl,
        ...aria2(4),
        ...aria2(8),
      ],
      opts,
    );
    const mbps = (opts.throttle / 1e6).toFixed(1);
    printTable(`Throttled to ${mbps} MB/s per connection`, limited, [
      'webbits 1 conn (memory)',
      'aria2c -x4',
    ]);
    const fmt = (x: number | null) => (x === null ? 'n/a' : `${x.toFixed(2)}×`);
    const vs = (a: string, b: string) => fmt(ratio(limited, a, b));
    console.log("\nThrottled, saved on disk (stored in the engine's store):");
    console.log(
      `  4 connections vs 1: ${vs('webbits 4 conn (memory)', 'webbits 1 conn (memory)')}` +
        ` (${vs('webbits 4 conn (memory) stored', 'webbits 1 conn (memory) stored')}), target ≥ 3.5×`,
    );
    for (const n of [4, 8]) {
      console.log(
        `  webbits vs aria2c, ${n} connections: ${vs(`webbits ${n} conn (memory)`, `aria2c -x${n}`)}` +
          ` (${vs(`webbits ${n} conn (memory) stored`, `aria2c -x${n}`)}), target ≥ 0.9×`,
      );
    }
  } finally {
    await server.close();
  }
}
