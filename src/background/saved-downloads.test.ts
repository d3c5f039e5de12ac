import { describe, expect, it } from 'vitest';
import { createSavedDownloads } from './saved-downloads';
import type { KeyValueArea } from './settings';

/** A storage area whose reads and writes take a turn of the event loop, as browser storage does. */
function slowArea(): KeyValueArea {
  let data: Record<string, unknown> = {};
  const tick = () => new Promise((resolve) => setTimeout(resolve, 1));
  return {
    async get(key: string) {
      await tick();
      return key in data ? { [key]: structuredClone(data[key]) } : {};
    },
    async set(items: Record<string, unknown>) {
      await tick();
      data = { ...data, ...structuredClone(items) };
    },
  };
}

describe('saved downloads', () => {
  it('remembers every file when several saves finish at once', async () => {
    const saved = createSavedDownloads(slowArea());
    await Promise.all([0, 1, 2, 3].map((index) => saved.remember('job', index, 100 + index)));
    expect(await Promise.all([0, 1, 2, 3].map((index) => saved.find('job', index)))).toEqual([
      100, 101, 102, 103,
    ]);
  });
});
