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
import { chromiumProcesses, cpuSeconds } from './memory-processes';

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
function sampleHeaps(cdp: CdpBrowser, sessions: Map<string, string>): () => void {
  const peaks = new Map<string, { used: number; backing: number }>();
  const timer = setInterval(() => {
    for (const [label, sessionId] of sessions) {
      void cdp
        .send<{ usedSize: number; backingStorageSize?: number }>('Runtime.getHeapUsage', {}, sessionId)
        .then((usage) => {
          const peak = peaks.get(label) ?? { used: 0, backing: 0 };
          peak.used = Math.max(peak.used, usage.usedSize);
          peak.backing = Math.max(peak.backing, usage.backingStorageSize ?? 0);
          peaks.set(label, peak);
        })
        .catch(() => undefined);
    }
  }, 250);
  return () => {
    clearInterval(timer);
    for (const [label, peak] of peaks) {
      const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
      console.log(
        `heap peak, ${label}: JS ${mib(peak.used)} MiB, ArrayBuffer backing stores ${mib(peak.backing)} MiB`,
      );
    }
  };
}

async function main(): Promise<void> {
  const kind = positionals[0] ?? 'small';
  const server = await startTestServer();
  const ext = await launchExtension({ extraArgs: ['--remote-debugging-port=0'] });
  const cdp = await connectCdp(ext.userDataDir);
  try {
    serveBlankPage(server);
    await ext.api('setSite', { origin: server.origin, decision: 'allowed' });
    await ext.api('listJobs'); // the engine host is up: its document and worker exist
    let run: () => Promise<number>;
    if (kind === 'small') {
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
    const sessions = await startProfilers(cdp, ext.extensionId);
    const stopTrace = values.trace ? await startTrace(cdp) : null;
    const stopHeap = values.heap ? sampleHeaps(cdp, sessions) : null;
    const cpuBefore = cpuByKind(ext.userDataDir);
    const seconds = await run();
    const trace = stopTrace ? await stopTrace() : null;
    stopHeap?.();
    const cpuAfter = cpuByKind(ext.userDataDir);
    console.log(`\n${kind}: ${seconds.toFixed(2)} s`);
    const cpu = [...cpuAfter].map(([k, s]) => `${k} ${(s - (cpuBefore.get(k) ?? 0)).toFixed(2)} s`);
    console.log(`CPU: ${cpu.join(', ')}`);
    if (trace) summarizeTrace(trace, Number(values.top));
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
