import type { PathStats, RequestLogEntry, ServerStats } from './types';

export function createStats(): ServerStats {
  return {
    requests: 0,
    bodyBytesSent: 0,
    byPath: new Map(),
    log: [],
    active: 0,
    maxConcurrent: 0,
    connections: 0,
  };
}

/** Resets in place, so a reference a test holds stays live. `active` is a fact about now: it stays. */
export function resetStats(stats: ServerStats): void {
  stats.requests = 0;
  stats.bodyBytesSent = 0;
  stats.byPath.clear();
  stats.log.length = 0;
  stats.maxConcurrent = stats.active;
  stats.connections = 0;
}

function pathStats(stats: ServerStats, path: string): PathStats {
  let entry = stats.byPath.get(path);
  if (!entry) {
    entry = { requests: 0, bodyBytesSent: 0 };
    stats.byPath.set(path, entry);
  }
  return entry;
}

export function recordRequest(stats: ServerStats, entry: RequestLogEntry): void {
  stats.requests++;
  pathStats(stats, entry.path).requests++;
  stats.log.push(entry);
}

export function recordBodyBytes(stats: ServerStats, path: string, bytes: number): void {
  stats.bodyBytesSent += bytes;
  pathStats(stats, path).bodyBytesSent += bytes;
}

export function responseStarted(stats: ServerStats): void {
  stats.active++;
  stats.maxConcurrent = Math.max(stats.maxConcurrent, stats.active);
}

export function responseEnded(stats: ServerStats): void {
  stats.active--;
}
