/**
 * What the extension keeps on disk, read from one of its pages (the popup's origin is the
 * extension's): the chunk records in IndexedDB and the names in the origin private file system.
 * Works with any build, since it reads the database without Dexie and without asking a version.
 */
import type { ExtensionSession } from './harness';

export interface ChunkRecordsSummary {
  /** How many chunk records there are. */
  count: number;
  /** Their bytes in all. */
  bytes: number;
}

/** The chunk records in the `webbits` database; none when the database or its table is missing. */
export async function chunkRecords(ext: ExtensionSession, dbName = 'webbits'): Promise<ChunkRecordsSummary> {
  const page = await ext.openExtensionPage('popup');
  try {
    return await page.evaluate(async (name) => {
      const known = await indexedDB.databases();
      if (!known.some((db) => db.name === name)) return { count: 0, bytes: 0 };
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      try {
        if (!db.objectStoreNames.contains('chunks')) return { count: 0, bytes: 0 };
        const records = await new Promise<Array<{ data: Blob | Uint8Array }>>((resolve, reject) => {
          const request = db.transaction('chunks').objectStore('chunks').getAll();
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        const bytes = records.reduce(
          (sum, { data }) => sum + (data instanceof Blob ? data.size : data.byteLength),
          0,
        );
        return { count: records.length, bytes };
      } finally {
        db.close();
      }
    }, dbName);
  } finally {
    await page.close();
  }
}

/** The names at the root of the extension's origin private file system; null where it is missing. */
export async function opfsNames(ext: ExtensionSession): Promise<string[] | null> {
  const page = await ext.openExtensionPage('popup');
  try {
    return await page.evaluate(async () => {
      if (typeof navigator.storage.getDirectory !== 'function') return null;
      const root = (await navigator.storage.getDirectory()) as unknown as { keys(): AsyncIterable<string> };
      const names: string[] = [];
      for await (const name of root.keys()) names.push(name);
      return names.sort();
    });
  } finally {
    await page.close();
  }
}
