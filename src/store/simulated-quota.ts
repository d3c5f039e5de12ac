/**
 * A storage quota for fake-indexeddb, which has none, so that Node tests can see what a full disk
 * does to the Dexie store. A put into `chunks` that would take the database's chunk bytes past
 * its limit fails the way Firefox fails it: the request errors with a DOMException named
 * 'QuotaExceededError' and the transaction aborts with that error. This reaches into
 * fake-indexeddb's internals (the raw record store, the request queue); tests only.
 */
import { IDBObjectStore as FakeObjectStore } from 'fake-indexeddb';
import { chunkSize } from './chunk-data';
import type { ChunkData } from '../engine/ports';

interface FakeInternals {
  name: string;
  transaction: {
    db: { name: string };
    _execRequestAsync(request: { operation: () => unknown; source: unknown }): IDBRequest;
  };
  _rawObjectStore: { records: { values(): Iterable<{ value: { data?: ChunkData } }> } };
}

const quotaByDatabase = new Map<string, number>();
let installed = false;

function storedChunkBytes(store: FakeInternals): number {
  let total = 0;
  for (const record of store._rawObjectStore.records.values()) {
    if (record.value.data) total += chunkSize(record.value.data);
  }
  return total;
}

function install(): void {
  if (installed) return;
  installed = true;
  const prototype = FakeObjectStore.prototype as unknown as {
    put(this: FakeInternals, value: unknown, key?: unknown): IDBRequest;
  };
  const originalPut = prototype.put;
  prototype.put = function put(this: FakeInternals, value: unknown, ...rest: unknown[]): IDBRequest {
    const quota = quotaByDatabase.get(this.transaction.db.name);
    const data = (value as { data?: ChunkData }).data;
    if (quota === undefined || this.name !== 'chunks' || data === undefined) {
      return originalPut.call(this, value, ...rest);
    }
    // Counts the record a put would replace too: the tests only need "past the limit fails".
    if (storedChunkBytes(this) + chunkSize(data) > quota) {
      return this.transaction._execRequestAsync({
        operation: () => {
          throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        },
        source: this,
      });
    }
    return originalPut.call(this, value, ...rest);
  };
}

/** From now on, chunk puts into the fake database `name` fail past `quotaBytes` stored chunk bytes. */
export function limitChunkBytes(name: string, quotaBytes: number): void {
  install();
  quotaByDatabase.set(name, quotaBytes);
}
