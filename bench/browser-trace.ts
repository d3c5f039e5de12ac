/**
 * A Chrome trace of the whole browser during a run (CDP `Tracing`), boiled down to where each
 * process's threads spent their time: the longest task kinds by total duration, counted per thread
 * so that nesting inside one task is not counted twice (only events at the top of their thread's
 * stack are summed). Used by bench/profile.ts: the V8 profiler cannot see the browser process.
 */
import type { CdpBrowser } from './cdp-targets';

interface TraceEvent {
  ph: string;
  name: string;
  cat: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  args?: Record<string, unknown>;
}

const CATEGORIES = [
  'toplevel',
  'mojom',
  'IndexedDB',
  'download',
  'Blob',
  'storage',
  'v8',
  'disabled-by-default-toplevel.flow',
];

export async function startTrace(cdp: CdpBrowser): Promise<() => Promise<TraceEvent[]>> {
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (params) => events.push(...(params.value as TraceEvent[])));
  await cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: { includedCategories: CATEGORIES, recordMode: 'recordAsMuchAsPossible' },
  });
  return async () => {
    const done = new Promise<void>((resolve) => cdp.on('Tracing.tracingComplete', () => resolve()));
    await cdp.send('Tracing.end');
    await done;
    return events;
  };
}

/** What a task did, as precisely as its event says (the posting site or the mojo message). */
function taskName(event: TraceEvent): string {
  const args = event.args ?? {};
  const src = (args.src_func ?? args.src) as string | undefined;
  const mojo = (args.chrome_mojo_event_info as { mojo_interface_tag?: string } | undefined)
    ?.mojo_interface_tag;
  return [event.name, src, mojo].filter(Boolean).join(' ');
}

export function summarizeTrace(events: TraceEvent[], top: number): void {
  const names = new Map<string, string>(); // "pid:tid" → thread name, pid → process name
  for (const e of events) {
    if (e.ph !== 'M') continue;
    const name = (e.args?.name as string | undefined) ?? '';
    if (e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, name);
    if (e.name === 'process_name') names.set(`${e.pid}`, name);
  }
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    if (e.ph !== 'X' || e.dur === undefined) continue;
    const key = `${e.pid}:${e.tid}`;
    let list = byThread.get(key);
    if (!list) byThread.set(key, (list = []));
    list.push(e);
  }
  const rows: Array<{ thread: string; total: number; kinds: Map<string, number> }> = [];
  for (const [key, list] of byThread) {
    list.sort((a, b) => a.ts - b.ts);
    let end = -Infinity;
    const kinds = new Map<string, number>();
    let total = 0;
    for (const e of list) {
      if (e.ts < end) continue; // nested inside the task before it
      end = e.ts + (e.dur ?? 0);
      total += e.dur ?? 0;
      const name = taskName(e);
      kinds.set(name, (kinds.get(name) ?? 0) + (e.dur ?? 0));
    }
    const [pid = ''] = key.split(':');
    rows.push({ thread: `${names.get(pid) ?? pid} / ${names.get(key) ?? key}`, total, kinds });
  }
  rows.sort((a, b) => b.total - a.total);
  for (const row of rows.slice(0, 8)) {
    console.log(`\n${row.thread}: ${(row.total / 1e6).toFixed(2)} s in top-level events`);
    const sorted = [...row.kinds].sort((a, b) => b[1] - a[1]).slice(0, top);
    for (const [name, us] of sorted) console.log(`  ${(us / 1e3).toFixed(0).padStart(7)} ms  ${name}`);
  }
}
