import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { WebBitsDb } from './db';
import { DexieJobStore } from './dexie-store';
import { chunk, patternBytes, sampleFile, sampleJob, segment } from './contract-fixtures';
import { describeJobStoreContract, type StoreFactoryOptions } from './job-store-contract';
import { limitChunkBytes } from './simulated-quota';

let databases = 0;

function openDb(): WebBitsDb {
  databases += 1;
  return new WebBitsDb({ name: `webbits-test-${databases}`, indexedDB, IDBKeyRange });
}

function factory(chunkAsBlob: boolean) {
  return async (options?: StoreFactoryOptions) => {
    const db = openDb();
    if (options?.quotaBytes !== undefined) limitChunkBytes(db.name, options.quotaBytes);
    await db.open();
    return {
      store: new DexieJobStore(db, { chunkAsBlob }),
      close: async () => {
        db.close();
        await db.delete();
      },
    };
  };
}

describeJobStoreContract('DexieJobStore, chunks as Blob', factory(true));
describeJobStoreContract('DexieJobStore, chunks as bytes', factory(false));

describe('DexieJobStore chunk form', () => {
  it.each([
    { chunkAsBlob: true, form: Blob },
    { chunkAsBlob: false, form: Uint8Array },
  ] as const)(
    'chunkAsBlob $chunkAsBlob stores chunks as $form.name, whatever form they came in',
    async ({ chunkAsBlob, form }) => {
      const db = openDb();
      const store = new DexieJobStore(db, { chunkAsBlob });
      await store.putJobAndFiles(sampleJob('a'), [sampleFile('a', 0)]);
      await store.replaceSegments('a', 0, [segment('a', 0, 0, 100)]);
      await store.appendChunk(chunk('a', 0, 0, patternBytes(10)), 0);
      await store.appendChunk(chunk('a', 0, 10, new Blob([patternBytes(10)])), 0);
      const stored = await db.chunks.toArray();
      expect(stored.map((c) => c.data instanceof form)).toEqual([true, true]);
      db.close();
      await db.delete();
    },
  );

  it('stores bytes by default in Node, which has no window', async () => {
    const db = openDb();
    const store = new DexieJobStore(db);
    await store.putJobAndFiles(sampleJob('a'), [sampleFile('a', 0)]);
    await store.replaceSegments('a', 0, [segment('a', 0, 0, 100)]);
    await store.appendChunk(chunk('a', 0, 0, new Blob([patternBytes(10)])), 0);
    const [stored] = await db.chunks.toArray();
    expect(stored?.data).toBeInstanceOf(Uint8Array);
    db.close();
    await db.delete();
  });
});

describe('WebBitsDb schema', () => {
  it('keys every table by its natural key and indexes nothing else, chunk data least of all', () => {
    const db = openDb();
    const schema = db.tables.map((table) => ({
      table: table.name,
      key: table.schema.primKey.keyPath,
      indexes: table.schema.indexes.map((index) => index.name),
    }));
    expect(schema).toEqual([
      { table: 'jobs', key: 'id', indexes: [] },
      { table: 'files', key: ['jobId', 'index'], indexes: [] },
      { table: 'segments', key: ['jobId', 'fileIndex', 'start'], indexes: [] },
      { table: 'chunks', key: ['jobId', 'fileIndex', 'offset'], indexes: [] },
    ]);
  });
});

describe('DexieJobStore.advanceSegment (straight IndexedDB)', () => {
  it('moves only pos, keeps an end a split set meanwhile, and refuses a segment that is not stored', async () => {
    const db = openDb();
    await db.open();
    try {
      const store = new DexieJobStore(db, { chunkAsBlob: false });
      await store.putJobAndFiles(sampleJob('job-1'), [sampleFile('job-1', 0)]);
      await store.replaceSegments('job-1', 0, [segment('job-1', 0, 0, 4096)]);
      await store.splitSegment('job-1', 0, 0, 2048);
      await store.advanceSegment('job-1', 0, 0, 1024);
      expect(await store.getSegments('job-1', 0)).toEqual([
        { jobId: 'job-1', fileIndex: 0, start: 0, end: 2048, pos: 1024 },
        { jobId: 'job-1', fileIndex: 0, start: 2048, end: 4096, pos: 2048 },
      ]);
      await expect(store.advanceSegment('job-1', 0, 512, 1024)).rejects.toMatchObject({
        name: 'MissingSegmentError',
      });
      // The refused call changed nothing.
      expect((await store.getSegments('job-1', 0)).map((s) => s.pos)).toEqual([1024, 2048]);
    } finally {
      db.close();
      await db.delete();
    }
  });
});
