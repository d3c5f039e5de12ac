/**
 * What the extension keeps in IndexedDB, counted from one of its own pages (same origin as the
 * service worker, so the same `webbits` database). The database is opened without a version, so
 * the count never upgrades or blocks it.
 */
import type { Page } from 'playwright-core';

export type StoredRecordCounts = Record<string, number>;

export function countStoredRecords(extensionPage: Page): Promise<StoredRecordCounts> {
  return extensionPage.evaluate(
    () =>
      new Promise<Record<string, number>>((resolve, reject) => {
        const request = indexedDB.open('webbits');
        request.onerror = () => reject(request.error ?? new Error('indexedDB.open failed'));
        request.onsuccess = () => {
          const db = request.result;
          const names = [...db.objectStoreNames];
          const counts: Record<string, number> = {};
          if (names.length === 0) {
            db.close();
            resolve(counts);
            return;
          }
          const tx = db.transaction(names, 'readonly');
          for (const name of names) {
            const count = tx.objectStore(name).count();
            count.onsuccess = () => (counts[name] = count.result);
          }
          tx.oncomplete = () => {
            db.close();
            resolve(counts);
          };
          tx.onerror = () => reject(tx.error ?? new Error('count failed'));
        };
      }),
  );
}
