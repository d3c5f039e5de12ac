import { nextSeed, seedForPath } from './content';
import type { FileSpec, ResolvedFileSpec } from './types';

/** A served file: its spec (seed resolved) and its version, from which the validators follow. */
export interface FileEntry {
  path: string;
  spec: ResolvedFileSpec;
  version: number;
}

/** Validators are deterministic, and a new version always gets a new ETag and a later date. */
const LAST_MODIFIED_BASE = Date.UTC(2025, 0, 1);

export function createFileEntry(path: string, spec: FileSpec): FileEntry {
  return { path, spec: { ...spec, seed: spec.seed ?? seedForPath(path) }, version: 1 };
}

export function changedFileEntry(entry: FileEntry): FileEntry {
  return { ...entry, spec: { ...entry.spec, seed: nextSeed(entry.spec.seed) }, version: entry.version + 1 };
}

export function etagOf(entry: FileEntry): string | null {
  if (entry.spec.etag === false) return null;
  return `"${entry.spec.seed.toString(16)}-${entry.spec.size.toString(16)}-v${entry.version}"`;
}

export function lastModifiedOf(entry: FileEntry): string | null {
  if (entry.spec.lastModified === false) return null;
  return new Date(LAST_MODIFIED_BASE + entry.version * 60_000).toUTCString();
}

/** Without a length the server cannot promise ranges either. */
export function servesRanges(spec: FileSpec): boolean {
  return spec.ranges !== false && spec.sendLength !== false;
}
