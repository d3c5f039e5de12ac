import { packetTypeOf } from './protocol';
import type { BitsUploadStats, RequestLogEntry } from './types';

export function createStats(): BitsUploadStats {
  return {
    requests: 0,
    byPacketType: new Map(),
    bodyBytesReceived: 0,
    bytesWritten: 0,
    connections: 0,
    log: [],
  };
}

/** Resets in place, so a reference a test holds stays live. */
export function resetStats(stats: BitsUploadStats): void {
  stats.requests = 0;
  stats.byPacketType.clear();
  stats.bodyBytesReceived = 0;
  stats.bytesWritten = 0;
  stats.connections = 0;
  stats.log.length = 0;
}

/** Counts a request when its head has arrived; its log entry is filled in as it is handled. */
export function recordRequest(stats: BitsUploadStats, entry: RequestLogEntry): void {
  stats.requests++;
  const type = packetTypeOf(entry.packetType ?? undefined) ?? entry.packetType ?? 'other';
  stats.byPacketType.set(type, (stats.byPacketType.get(type) ?? 0) + 1);
  stats.log.push(entry);
}
