import { describe, expect, it, vi } from 'vitest';
import {
  SAVED_DOWNLOADS_KEY,
  createSavedDownloads,
  savedDownloadKey,
  type SavedDownloadsArea,
} from './saved-downloads';

/** A storage area whose calls take a turn of the event loop, as browser storage does; it logs writes. */
function slowArea(initial: Record<string, unknown> = {}) {
  const data: Record<string, unknown> = structuredClone(initial);
  const writes: Array<Record<string, unknown>> = [];
  const tick = () => new Promise((resolve) => setTimeout(resolve, 1));
  const area: SavedDownloadsArea = {
    async get(key: string) {
      await tick();
      return key in data ? { [key]: structuredClone(data[key]) } : {};
    },
    async set(items: Record<string, unknown>) {
      await tick();
      writes.push(structuredClone(items));
      Object.assign(data, structuredClone(items));
    },
    async remove(keys: string[]) {
      await tick();
      for (const key of keys) Reflect.deleteProperty(data, key);
    },
  };
  return { area, data, writes };
}

describe('saved downloads', () => {
  it('remembers every file when several saves finish at once', async () => {
    const saved = createSavedDownloads(slowArea().area);
    await Promise.all([0, 1, 2, 3].map((index) => saved.remember('job', index, 100 + index)));
    expect(await Promise.all([0, 1, 2, 3].map((index) => saved.find('job', index)))).toEqual([
      100, 101, 102, 103,
    ]);
  });

  it('writes one small key per saved file, not everything saved so far', async () => {
    const { area, writes } = slowArea();
    const saved = createSavedDownloads(area);
    for (let index = 0; index < 200; index++) await saved.remember('album', index, 1000 + index);
    await vi.waitFor(() => expect(writes).toHaveLength(200));
    expect(writes.every((items) => Object.keys(items).length === 1)).toBe(true);
    expect(writes[199]).toEqual({ [savedDownloadKey('album', 199)]: 1199 });
  });

  it('forgets the files of a removed job and keeps the others', async () => {
    const { area, data } = slowArea();
    const saved = createSavedDownloads(area);
    await saved.remember('gone', 0, 1);
    await saved.remember('gone', 1, 2);
    await saved.remember('kept', 0, 3);
    await saved.forget('gone', 2);
    expect(await saved.find('gone', 0)).toBeNull();
    expect(await saved.find('gone', 1)).toBeNull();
    expect(await saved.find('kept', 0)).toBe(3);
    expect(Object.keys(data)).toEqual([savedDownloadKey('kept', 0)]);
  });

  it('finds files saved by an earlier build, whose one map is moved to per-file keys', async () => {
    const { area, data } = slowArea({ [SAVED_DOWNLOADS_KEY]: { 'old:0': 7, 'old:1': 8, 'bad:0': 'x' } });
    const saved = createSavedDownloads(area);
    expect(await saved.find('old', 1)).toBe(8);
    expect(await saved.find('bad', 0)).toBeNull();
    expect(SAVED_DOWNLOADS_KEY in data).toBe(false);
    expect(data[savedDownloadKey('old', 0)]).toBe(7);
  });

  it('finds a file at once after its save, before the storage write lands, and after it', async () => {
    const { area, data } = slowArea();
    const saved = createSavedDownloads(area);
    await saved.remember('job', 0, 5);
    expect(await saved.find('job', 0)).toBe(5);
    await vi.waitFor(() => expect(data[savedDownloadKey('job', 0)]).toBe(5));
    // A new background (a restarted service worker) reads it from storage.
    expect(await createSavedDownloads(area).find('job', 0)).toBe(5);
  });

  it('answers null for a file it never saw', async () => {
    const saved = createSavedDownloads(slowArea().area);
    expect(await saved.find('job', 0)).toBeNull();
  });
});
