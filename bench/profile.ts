/**
 * `NODE_OPTIONS=--experimental-websocket npx tsx bench/profile.ts <small|large> [--files N] [--size MiB] [--connections N] [--throttle B/s]`:
 * where WebBITS spends its time, for tuning (not a benchmark: nothing is compared). One run of the
 * small-files job or of one large file, with the V8 sampling profiler running in the service
 * worker, the offscreen document and the engine host's worker (bench/cdp-targets.ts). Prints the
 * run's time, the CPU seconds of each kind of Chromium process, and for each context the share of
 * samples spent idle and the functions with the most self time. `--out DIR` keeps the
 * .cpuprofile files (open them in DevTools).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { launchExtension } from '../test/e2e/harness';
import { startTestServer } from '../test/server';
import { startTrace, summarizeTrace } from './browser-trace';
import { connectCdp, type CdpBrowser } from './cdp-targets';
import { extensionDownload, MiB } from './extension-session';
import { serveBlankPage } from './extension';
import { webbitsOneJob, type SmallFile } from './extension-small-files';
import { chromiumProcesses, cpuSeconds, pssKiB } from './memory-processes';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    files: { type: 'string', default: '200' },
    'file-kib': { type: 'string', default: '64' },
    size: { type: 'string', default: '128' },
    connections: { type: 'string', default: '4' },
    throttle: { type: 'string' },
    out: { type: 'string' },
    top: { type: 'string', default: '25' },
    trace: { type: 'boolean', default: false },
    heap: { type: 'boolean', default: false },
    mode: { type: 'string' },
    allocations: { type: 'boolean', default: false },
  },
});

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples?: number[];
  startTime: number;
  endTime: number;
}

function cpuByKind(userDataDir: string): Map<string, number> {
  const byKind = new Map<string, number>();
  for (const p of chromiumProcesses(userDataDir)) {
    const kind = p.extension ? 'extension' : p.type;
    byKind.set(kind, (byKind.get(kind) ?? 0) + cpuSeconds(p.pid));
  }
  return byKind;
}

function summarize(name: string, profile: CpuProfile, top: number): void {
  const hits = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const count = node.hitCount ?? 0;
    if (count === 0) continue;
    total += count;
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.split('/').pop() ?? '';
    const key = `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
    hits.set(key, (hits.get(key) ?? 0) + count);
  }
  const wall = (profile.endTime - profile.startTime) / 1e6;
  const idle = hits.get('(idle) :0') ?? 0;
  console.log(
    `\n${name}: ${wall.toFixed(2)} s profiled, ${total} samples, busy ${(100 - (100 * idle) / Math.max(1, total)).toFixed(1)}%`,
  );
  const sorted = [...hits].sort((a, b) => b[1] - a[1]).slice(0, top);
  for (const [key, count] of sorted)
    console.log(`  ${((100 * count) / total).toFixed(1).padStart(5)}%  ${key}`);
}

async function startProfilers(cdp: CdpBrowser, extensionId: string): Promise<Map<string, string>> {
  const sessions = new Map<string, string>();
  const origin = `chrome-extension://${extensionId}/`;
  const start = async (label: string, sessionId: string) => {
    await cdp.send('Profiler.enable', {}, sessionId);
    await cdp.send('Profiler.setSamplingInterval', { interval: 500 }, sessionId);
    await cdp.send('Profiler.start', {}, sessionId);
    sessions.set(label, sessionId);
  };
  const workerStarted: Promise<void>[] = [];
  for (const target of await cdp.targets()) {
    if (!target.url.startsWith(origin)) continue;
    if (target.type === 'service_worker') await start('service worker', await cdp.attach(target.targetId));
    if (target.url.includes('offscreen')) {
      let found: () => void = () => undefined;
      workerStarted.push(new Promise<void>((resolve) => (found = resolve)));
      const id = await cdp.attach(target.targetId, (workerSession, info) => {
        if (info.type === 'worker') void start('engine host worker', workerSession).then(found);
      });
      await start('offscreen document', id);
    }
  }
  await Promise.race([Promise.all(workerStarted), new Promise((r) => setTimeout(r, 3000))]);
  return sessions;
}

/**
 * Samples each context's V8 heap every 250 ms (`Runtime.getHeapUsage`: the JS heap, and the
 * ArrayBuffer backing stores outside it) and prints the peaks when stopped.
 */
function sampleHeaps(cdp: CdpBrowser, sessions: Map<string, string>, userDataDir: string): () => void {
  const peaks = new Map<string, { used: number; total: number; embedder: number; backing: number }>();
  const firsts = new Map<string, { used: number; total: number; embedder: number; backing: number }>();
  const extensionPss = () =>
    chromiumProcesses(userDataDir)
      .filter((p) => p.extension)
      .reduce((sum, p) => sum + pssKiB(p.pid) * 1024, 0);
  const pssBefore = extensionPss();
  let pssPeak = pssBefore;
  const series: string[] = [];
  let ticks = 0;
  const timer = setInterval(() => {
    const pss = extensionPss();
    pssPeak = Math.max(pssPeak, pss);
    if (ticks++ % 4 === 0) series.push((pss / 1024 / 1024).toFixed(0));
    for (const [label, sessionId] of sessions) {
      void cdp
        .send<{
          usedSize: number;
          totalSize: number;
          embedderHeapUsedSize?: number;
          backingStorageSize?: number;
        }>('Runtime.getHeapUsage', {}, sessionId)
        .then((usage) => {
          if (!firsts.has(label))
            firsts.set(label, {
              used: usage.usedSize,
              total: usage.totalSize,
              embedder: usage.embedderHeapUsedSize ?? 0,
              backing: usage.backingStorageSize ?? 0,
            });
          const peak = peaks.get(label) ?? { used: 0, total: 0, embedder: 0, backing: 0 };
          peak.used = Math.max(peak.used, usage.usedSize);
          peak.total = Math.max(peak.total, usage.totalSize);
          peak.embedder = Math.max(peak.embedder, usage.embedderHeapUsedSize ?? 0);
          peak.backing = Math.max(peak.backing, usage.backingStorageSize ?? 0);
          peaks.set(label, peak);
        })
        .catch(() => undefined);
    }
  }, 250);
  return () => {
    clearInterval(timer);
    const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
    for (const [label, peak] of peaks) {
      const first = firsts.get(label);
      if (first)
        console.log(
          `heap at start, ${label}: JS used ${mib(first.used)} of ${mib(first.total)} MiB, embedder ${mib(first.embedder)} MiB, ArrayBuffer backing stores ${mib(first.backing)} MiB`,
        );
      console.log(
        `heap peak, ${label}: JS used ${mib(peak.used)} of ${mib(peak.total)} MiB, embedder ${mib(peak.embedder)} MiB, ArrayBuffer backing stores ${mib(peak.backing)} MiB`,
      );
    }
    console.log(`extension process PSS: ${mib(pssBefore)} MiB before, peak ${mib(pssPeak)} MiB`);
    console.log(`extension process PSS every second, MiB: ${series.join(' ')}`);
  };
}

/**
 * Runs in the engine host's worker (its source is sent over CDP): `connections` range requests
 * over the file, each body read to its end, optionally written to a scratch OPFS file; mode
 * 'byob' | 'default' | 'write' (BYOB reads, each written in place) | 'flush' (and flushed every MiB);
 * 'truncate-write', 'truncate-flush': the same into a file first truncated to its final size.
 */
async function readRangesInWorker(url: string, size: number, connections: number, mode: string) {
  const started = performance.now();
  const per = Math.ceil(size / connections);
  let reads = 0;
  const one = async (i: number) => {
    const start = i * per;
    const end = Math.min(size, start + per) - 1;
    const response = await fetch(url, { headers: { range: `bytes=${start}-${end}` } });
    const body = response.body as ReadableStream<Uint8Array>;
    let handle: FileSystemSyncAccessHandle | null = null;
    if (mode !== 'default' && mode !== 'byob') {
      const root = await navigator.storage.getDirectory();
      const file = await root.getFileHandle(`scratch-${i}`, { create: true });
      handle = await file.createSyncAccessHandle();
      if (mode.startsWith('truncate')) handle.truncate(per);
    }
    let at = 0;
    let sinceFlush = 0;
    if (mode === 'default') {
      const reader = body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        reads++;
        at += value.byteLength;
      }
    } else {
      const reader = body.getReader({ mode: 'byob' });
      let buffer = new ArrayBuffer(1024 * 1024);
      for (;;) {
        const { done, value } = await reader.read(new Uint8Array(buffer));
        if (value) buffer = value.buffer as ArrayBuffer;
        if (done || !value) break;
        reads++;
        handle?.write(value, { at });
        at += value.byteLength;
        sinceFlush += value.byteLength;
        if (mode.endsWith('flush') && sinceFlush >= 1024 * 1024) {
          handle?.flush();
          sinceFlush = 0;
        }
      }
    }
    handle?.close();
    return at;
  };
  const bytes = (await Promise.all(Array.from({ length: connections }, (_, i) => one(i)))).reduce(
    (a, b) => a + b,
    0,
  );
  const seconds = (performance.now() - started) / 1000;
  return { bytes, reads, seconds, mbps: bytes / 1e6 / seconds };
}

interface AllocationNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: AllocationNode[];
}

/** Where a context allocated (V8's sampling heap profiler, sampled bytes by allocating function). */
function summarizeAllocations(label: string, head: AllocationNode, top: number): void {
  const bytes = new Map<string, number>();
  let total = 0;
  const visit = (node: AllocationNode, path: string) => {
    const { functionName, url, lineNumber } = node.callFrame;
    const here = `${functionName || '(anonymous)'} ${url.split('/').pop() ?? ''}:${lineNumber + 1}`;
    if (node.selfSize > 0) {
      const key = `${here}  ← ${path}`;
      bytes.set(key, (bytes.get(key) ?? 0) + node.selfSize);
      total += node.selfSize;
    }
    for (const child of node.children) visit(child, here);
  };
  visit(head, '');
  console.log(
    `\nallocations, ${label}: ${(total / MiB).toFixed(1)} MiB sampled (allocated since the start, live or not)`,
  );
  for (const [key, size] of [...bytes].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`  ${(size / MiB).toFixed(2).padStart(7)} MiB  ${key}`);
}

async function main(): Promise<void> {
  const kind = positionals[0] ?? 'small';
  const server = await startTestServer();
  const ext = await launchExtension({
    extraArgs: ['--remote-debugging-port=0'],
    ...(process.env.WEBBITS_EXTENSION_DIR ? { extensionDir: process.env.WEBBITS_EXTENSION_DIR } : {}),
  });
  const cdp = await connectCdp(ext.userDataDir);
  try {
    serveBlankPage(server);
    await ext.api('setSite', { origin: server.origin, decision: 'allowed' });
    await ext.api('listJobs'); // the engine host is up: its document and worker exist
    let run: () => Promise<number>;
    let sessions = new Map<string, string>();
    if (kind === 'fetch') {
      // The ceiling without the engine: the worker fetches the file's ranges and only reads them.
      const file = server.addFile('/large.bin', { size: Number(values.size) * MiB });
      run = async () => {
        const sessionId = sessions.get('engine host worker');
        if (!sessionId) throw new Error('no engine host worker');
        const started = performance.now();
        const source = `var __name = (f) => f; (${readRangesInWorker.toString()})(${JSON.stringify(file.url)}, ${Number(values.size) * MiB}, ${Number(values.connections)}, ${JSON.stringify(values.mode ?? 'byob')})`;
        const reply = await cdp.send<{ result: { value?: unknown }; exceptionDetails?: unknown }>(
          'Runtime.evaluate',
          { expression: source, awaitPromise: true, returnByValue: true },
          sessionId,
        );
        if (reply.exceptionDetails) throw new Error(JSON.stringify(reply.exceptionDetails));
        console.log(`worker says: ${JSON.stringify(reply.result.value)}`);
        return (performance.now() - started) / 1000;
      };
    } else if (kind === 'small') {
      const files: SmallFile[] = [];
      for (let i = 0; i < Number(values.files); i++) {
        const handle = server.addFile(`/small/${i}.bin`, { size: Number(values['file-kib']) * 1024 });
        files.push({ handle, sha256: await handle.sha256() });
      }
      run = () => webbitsOneJob(ext, server, files);
    } else {
      const file = server.addFile('/large.bin', { size: Number(values.size) * MiB });
      if (values.throttle) server.setThrottle(Number(values.throttle));
      run = async () => (await extensionDownload(ext, file.url, Number(values.connections))).seconds;
    }
    sessions = await startProfilers(cdp, ext.extensionId);
    const stopTrace = values.trace ? await startTrace(cdp) : null;
    if (values.allocations)
      for (const sessionId of sessions.values())
        await cdp
          .send(
            'HeapProfiler.startSampling',
            {
              samplingInterval: 16384,
              includeObjectsCollectedByMajorGC: true,
              includeObjectsCollectedByMinorGC: true,
            },
            sessionId,
          )
          .catch(() => undefined);
    const stopHeap = values.heap ? sampleHeaps(cdp, sessions, ext.userDataDir) : null;
    const cpuBefore = cpuByKind(ext.userDataDir);
    const seconds = await run();
    const trace = stopTrace ? await stopTrace() : null;
    stopHeap?.();
    if (values.heap) {
      // What stays alive once collected: garbage waiting for V8, or something kept.
      for (const [label, sessionId] of sessions) {
        await cdp.send('HeapProfiler.collectGarbage', {}, sessionId).catch(() => undefined);
        const usage = await cdp
          .send<{ usedSize: number; totalSize: number; backingStorageSize?: number }>(
            'Runtime.getHeapUsage',
            {},
            sessionId,
          )
          .catch(() => null);
        if (usage)
          console.log(
            `after a full GC, ${label}: JS used ${(usage.usedSize / MiB).toFixed(1)} of ${(usage.totalSize / MiB).toFixed(1)} MiB, backing stores ${((usage.backingStorageSize ?? 0) / MiB).toFixed(1)} MiB`,
          );
      }
      const pss = chromiumProcesses(ext.userDataDir)
        .filter((p) => p.extension)
        .reduce((sum, p) => sum + pssKiB(p.pid), 0);
      console.log(`extension process PSS after the GC: ${(pss / 1024).toFixed(1)} MiB`);
    }
    const cpuAfter = cpuByKind(ext.userDataDir);
    console.log(`\n${kind}: ${seconds.toFixed(2)} s`);
    const cpu = [...cpuAfter].map(([k, s]) => `${k} ${(s - (cpuBefore.get(k) ?? 0)).toFixed(2)} s`);
    console.log(`CPU: ${cpu.join(', ')}`);
    if (trace) summarizeTrace(trace, Number(values.top));
    if (values.allocations)
      for (const [label, sessionId] of sessions) {
        const sampled = await cdp
          .send<{ profile: { head: AllocationNode } }>('HeapProfiler.stopSampling', {}, sessionId)
          .catch(() => null);
        if (sampled) summarizeAllocations(label, sampled.profile.head, Number(values.top));
      }
    if (values.out) {
      rmSync(values.out, { recursive: true, force: true });
      mkdirSync(values.out, { recursive: true });
    }
    for (const [label, sessionId] of sessions) {
      const { profile } = await cdp
        .send<{ profile: CpuProfile }>('Profiler.stop', {}, sessionId)
        .catch(() => ({
          profile: null as unknown as CpuProfile,
        }));
      if (!profile) {
        console.log(`\n${label}: gone before the end`);
        continue;
      }
      summarize(label, profile, Number(values.top));
      if (values.out)
        writeFileSync(join(values.out, `${label.replaceAll(' ', '-')}.cpuprofile`), JSON.stringify(profile));
    }
  } finally {
    cdp.close();
    await ext.close();
    await server.close();
  }
}

await main();
