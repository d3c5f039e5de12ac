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
  return {
    async remember(jobId: string, fileIndex: number, downloadId: number): Promise<void> {
      await ready;
      await area.set({ [savedDownloadKey(jobId, fileIndex)]: downloadId });
    },
    async find(jobId: string, fileIndex: number): Promise<number | null> {
      await ready;
      const key = savedDownloadKey(jobId, fileIndex);
      const value = (await area.get(key))[key];
      return typeof value === 'number' ? value : null;
    },
    /** The job was removed: its files can no longer be opened from WebBITS. */
    async forget(jobId: string, fileCount: number): Promise<void> {
      await ready;
      const keys = Array.from({ length: fileCount }, (_, index) => savedDownloadKey(jobId, index));
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
