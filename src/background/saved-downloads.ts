/** Which browser download holds each saved file, for "Open" and "Show in folder" (storage.local). */
import type { KeyValueArea } from './settings';

export const SAVED_DOWNLOADS_KEY = 'savedDownloads';

export function createSavedDownloads(area: KeyValueArea) {
  const read = async (): Promise<Record<string, number>> =>
    ((await area.get(SAVED_DOWNLOADS_KEY))[SAVED_DOWNLOADS_KEY] as Record<string, number> | undefined) ?? {};
  const key = (jobId: string, fileIndex: number) => `${jobId}:${fileIndex}`;
  // One read-change-write at a time: saves finishing together must not overwrite each other.
  let writing: Promise<void> = Promise.resolve();
  return {
    remember(jobId: string, fileIndex: number, downloadId: number): Promise<void> {
      const next = writing.then(async () => {
        const map = await read();
        map[key(jobId, fileIndex)] = downloadId;
        await area.set({ [SAVED_DOWNLOADS_KEY]: map });
      });
      writing = next.catch(() => undefined);
      return next;
    },
    async find(jobId: string, fileIndex: number): Promise<number | null> {
      return (await read())[key(jobId, fileIndex)] ?? null;
    },
  };
}
