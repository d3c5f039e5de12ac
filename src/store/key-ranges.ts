/**
 * Key ranges over a prefix of a compound primary key. IndexedDB orders array keys element by
 * element, so [jobId, fileIndex, minKey] .. [jobId, fileIndex, maxKey] holds exactly one file's
 * records, ordered by the last element (offset or start).
 */
import Dexie from 'dexie';

type KeyBounds = [lower: unknown[], upper: unknown[]];

/** Every record of one job in a table keyed [jobId, ...]. */
export function jobRange(jobId: string): KeyBounds {
  return [
    [jobId, Dexie.minKey],
    [jobId, Dexie.maxKey],
  ];
}

/** Every record of one file in a table keyed [jobId, fileIndex, ...]. */
export function fileRange(jobId: string, fileIndex: number): KeyBounds {
  return [
    [jobId, fileIndex, Dexie.minKey],
    [jobId, fileIndex, Dexie.maxKey],
  ];
}
