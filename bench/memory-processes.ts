/**
 * Chromium's processes seen from Linux: the browser process is the one whose command line carries
 * our `--user-data-dir`; its descendants are the renderers, GPU and utility processes. Chromium marks
 * the process that hosts extension contexts (the service worker, the offscreen document, extension
 * pages) with `--extension-process`. PSS comes from /proc/<pid>/smaps_rollup, so pages shared
 * between processes are counted once in a sum.
 */
import { readdirSync, readFileSync } from 'node:fs';

export interface ChromiumProcess {
  pid: number;
  /** `browser`, or the value of `--type=` (`renderer`, `gpu-process`, `utility`, ...). */
  type: string;
  extension: boolean;
}

function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

// Chromium rewrites its children's command lines as one space-separated string.
const commandLine = (pid: number): string[] => (read(`/proc/${pid}/cmdline`) ?? '').split(/[\0 ]/);

function parentOf(pid: number): number | null {
  const stat = read(`/proc/${pid}/stat`);
  // The command name is in parentheses and may hold spaces; the parent pid is the 2nd field after it.
  const after = stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
  return after?.[1] ? Number(after[1]) : null;
}

export function chromiumProcesses(userDataDir: string): ChromiumProcess[] {
  const pids = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
  const browser = pids.find((pid) => {
    const args = commandLine(pid);
    return args.includes(`--user-data-dir=${userDataDir}`) && !args.some((a) => a.startsWith('--type='));
  });
  if (browser === undefined) throw new Error(`no Chromium process for ${userDataDir}`);
  const family = new Set([browser]);
  // Children can be forked by a zygote that is itself a child, so repeat until nothing is added.
  for (let added = true; added;) {
    added = false;
    for (const pid of pids) {
      const parent = parentOf(pid);
      if (!family.has(pid) && parent !== null && family.has(parent)) {
        family.add(pid);
        added = true;
      }
    }
  }
  return [...family].map((pid) => {
    const args = commandLine(pid);
    const type = args.find((a) => a.startsWith('--type='))?.slice('--type='.length) ?? 'browser';
    return { pid, type, extension: args.includes('--extension-process') };
  });
}

/** Proportional set size in KiB, or 0 for a process that has gone. */
export function pssKiB(pid: number): number {
  const match = /^Pss:\s+(\d+) kB/m.exec(read(`/proc/${pid}/smaps_rollup`) ?? '');
  return match?.[1] ? Number(match[1]) : 0;
}

/** CPU time (user + system) the process has used, in seconds; 0 for a process that has gone. */
export function cpuSeconds(pid: number): number {
  const stat = read(`/proc/${pid}/stat`);
  // Fields after the command name: state is the 1st, utime the 12th and stime the 13th.
  const after = stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(after?.[11] ?? 0) + Number(after?.[12] ?? 0);
  return ticks / CLOCK_TICKS_PER_SECOND;
}

/** USER_HZ: 100 on every Linux architecture Chromium runs on. */
const CLOCK_TICKS_PER_SECOND = 100;
