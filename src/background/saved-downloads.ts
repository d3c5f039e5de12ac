/**
 * Which browser download holds each saved file, for "Open" and "Show in folder" (storage.local).
 * One key per file, written once when its save completes and removed with its job: a job of 200
 * files costs 200 small writes, not 200 rewrites of one map of every file ever saved (which earlier
 * builds kept under `savedDownloads` and never pruned; it is moved to per-file keys once).
 */
import type { KeyValueArea } from './settings';

/** Where earlier builds kept one map of every saved file. */
export const SAVED_DOWNLOADS_KEY = 'savedDownloads';
const FILE_KEY_PREFIX = 'savedDownload:';

export interface SavedDownloadsArea extends KeyValueArea {
  remove(keys: string[]): Promise<void>;
}

export const savedDownloadKey = (jobId: string, fileIndex: number): string =>
  `${FILE_KEY_PREFIX}${jobId}:${fileIndex}`;

export type SavedDownloadsStore = ReturnType<typeof createSavedDownloads>;

export function createSavedDownloads(area: SavedDownloadsArea) {
  const moved = moveLegacyMap(area);
  // Every call waits for the move, so that none reads or writes around it; a failed move is
  // retried at the next start (the map is removed only after its entries are written).
  const ready = moved.catch(() => undefined);
  // Ids remembered but maybe not written yet: a save need not wait for its storage write, and an
  // "Open" right after it still finds the file.
  const recent = new Map<string, number>();
  return {
    /** Resolves at once; the write to storage follows (a failed one costs "Open" only). */
    remember(jobId: string, fileIndex: number, downloadId: number): Promise<void> {
      const key = savedDownloadKey(jobId, fileIndex);
      recent.set(key, downloadId);
      void ready
        .then(() => area.set({ [key]: downloadId }))
        .catch(() => undefined)
        .finally(() => {
          if (recent.get(key) === downloadId) recent.delete(key);
        });
      return Promise.resolve();
    },
    async find(jobId: string, fileIndex: number): Promise<number | null> {
      const key = savedDownloadKey(jobId, fileIndex);
      const pending = recent.get(key);
      if (pending !== undefined) return pending;
      await ready;
      const value = (await area.get(key))[key];
      return typeof value === 'number' ? value : null;
    },
    /** The job was removed: its files can no longer be opened from WebBITS. */
    async forget(jobId: string, fileCount: number): Promise<void> {
      const keys = Array.from({ length: fileCount }, (_, index) => savedDownloadKey(jobId, index));
      for (const key of keys) recent.delete(key);
      await ready;
      if (keys.length > 0) await area.remove(keys);
    },
  };
}

async function moveLegacyMap(area: SavedDownloadsArea): Promise<void> {
  const legacy = (await area.get(SAVED_DOWNLOADS_KEY))[SAVED_DOWNLOADS_KEY];
  if (legacy === undefined) return;
  const entries: Record<string, number> = {};
  if (typeof legacy === 'object' && legacy !== null) {
    for (const [key, value] of Object.entries(legacy)) {
      if (typeof value === 'number') entries[`${FILE_KEY_PREFIX}${key}`] = value;
    }
  }
  if (Object.keys(entries).length > 0) await area.set(entries);
  await area.remove([SAVED_DOWNLOADS_KEY]);
}
