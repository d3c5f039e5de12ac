/**
 * Data written under every schema version must read back through the latest WebBitsDb. Adding a
 * version means adding its entry to WRITERS (the test below fails until it exists) and, if its
 * upgrade reshapes records, what the latest code must see in EXPECTED_AFTER_UPGRADE.
 */
import Dexie from 'dexie';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { JobStore, LoadedState } from '../engine/ports';
import { MapBackingFiles } from '../../test/store/map-backing-files';
import { BackingFileStore } from './backing-file-store';
import { backingFileName } from './backing-files';
import { readChunkBytes } from './chunk-data';
import { patternBytes, sampleFile, sampleJob, segment } from './contract-fixtures';
import { applySchemaVersions, LATEST_SCHEMA_VERSION, SCHEMA_VERSIONS, WebBitsDb } from './db';
import { DexieJobStore } from './dexie-store';
import { moveChunksToBackingFiles } from './move-chunks';

/** Writes one job the way the code of that schema version stored it, with raw tables. */
const WRITERS: Record<number, (db: Dexie, jobId: string) => Promise<void>> = {
  1: async (db, jobId) => {
    await db.table('jobs').put(sampleJob(jobId));
    await db.table('files').bulkPut([sampleFile(jobId, 0), sampleFile(jobId, 1)]);
    await db.table('segments').bulkPut([segment(jobId, 0, 0, 2048, 1000), segment(jobId, 0, 2048, 4096)]);
    await db.table('chunks').bulkPut([
      { jobId, fileIndex: 0, offset: 0, data: patternBytes(600, 1) },
      { jobId, fileIndex: 0, offset: 600, data: new Blob([patternBytes(400, 2)]) },
    ]);
  },
};

/** What the latest code reads for a job written at `version` (the v1 shape until an upgrade changes it). */
function expectedState(jobId: string): LoadedState {
  return {
    jobs: [sampleJob(jobId)],
    files: [sampleFile(jobId, 0), sampleFile(jobId, 1)],
    segments: [segment(jobId, 0, 0, 2048, 1000), segment(jobId, 0, 2048, 4096)],
  };
}

const EXPECTED_AFTER_UPGRADE: Record<number, (jobId: string) => LoadedState> = {};

let databases = 0;
function freshName(): string {
  databases += 1;
  return `webbits-upgrade-${databases}`;
}

async function writeAtVersion(name: string, version: number, jobId: string): Promise<void> {
  const db = new Dexie(name, { indexedDB, IDBKeyRange });
  applySchemaVersions(
    db,
    SCHEMA_VERSIONS.filter((v) => v.version <= version),
  );
  const write = WRITERS[version];
  if (!write) throw new Error(`no writer for schema version ${version}`);
  await write(db, jobId);
  db.close();
}

async function expectJobReadsBack(store: JobStore, jobId: string, version: number): Promise<void> {
  const expected = (EXPECTED_AFTER_UPGRADE[version] ?? expectedState)(jobId);
  const state = await store.loadAll();
  expect(state.jobs.filter((j) => j.id === jobId)).toEqual(expected.jobs);
  expect(await store.getFiles(jobId)).toEqual(expected.files);
  expect(await store.getSegments(jobId, 0)).toEqual(expected.segments);
  const chunks = await store.getChunks(jobId, 0);
  const bytes = await Promise.all(chunks.map(async (c) => [...(await readChunkBytes(c.data))]));
  expect(bytes).toEqual([[...patternBytes(600, 1)], [...patternBytes(400, 2)]]);
}

describe('schema versions', () => {
  it('are numbered 1, 2, 3... and each has a writer in this test', () => {
    expect(SCHEMA_VERSIONS.map((v) => v.version)).toEqual(SCHEMA_VERSIONS.map((_, i) => i + 1));
    expect(Object.keys(WRITERS).map(Number)).toEqual(SCHEMA_VERSIONS.map((v) => v.version));
  });

  it.each(SCHEMA_VERSIONS.map((v) => v.version))(
    'data written at version %i reads back through the latest database, and the transfer continues',
    async (version) => {
      const name = freshName();
      await writeAtVersion(name, version, 'job-old');
      const db = new WebBitsDb({ name, indexedDB, IDBKeyRange });
      await db.open();
      expect(db.verno).toBe(LATEST_SCHEMA_VERSION);
      const store = new DexieJobStore(db, { chunkAsBlob: false });
      await expectJobReadsBack(store, 'job-old', version);
      await store.appendChunk({ jobId: 'job-old', fileIndex: 0, offset: 1000, data: patternBytes(24) }, 0);
      expect((await store.getSegments('job-old', 0))[0]).toEqual(segment('job-old', 0, 0, 2048, 1024));
      db.close();
      await db.delete();
    },
  );

  it('data written at each version in turn, upgrading step by step, all reads back at the latest', async () => {
    const name = freshName();
    for (const { version } of SCHEMA_VERSIONS) await writeAtVersion(name, version, `job-v${version}`);
    const db = new WebBitsDb({ name, indexedDB, IDBKeyRange });
    const store = new DexieJobStore(db, { chunkAsBlob: false });
    for (const { version } of SCHEMA_VERSIONS) await expectJobReadsBack(store, `job-v${version}`, version);
    expect((await store.loadAll()).jobs).toHaveLength(SCHEMA_VERSIONS.length);
    db.close();
    await db.delete();
  });
});

/**
 * Builds before the engine host kept every byte as chunk records. The schema did not change with
 * backing files, so the same database is opened by the new code, which at its first start moves
 * the chunks into backing files (move-chunks.ts) and resumes from the segments as they were.
 */
describe('chunk records left by a build before backing files', () => {
  it.each(SCHEMA_VERSIONS.map((v) => v.version))(
    'written at version %i, move into a backing file, keep every record, and the transfer continues',
    async (version) => {
      const name = freshName();
      await writeAtVersion(name, version, 'job-old');
      const db = new WebBitsDb({ name, indexedDB, IDBKeyRange });
      // As the engine host opens it (host-store.ts).
      const records = new DexieJobStore(db, { chunkAsBlob: true });
      await expectJobReadsBack(records, 'job-old', version);
      const files = new MapBackingFiles();

      expect(await moveChunksToBackingFiles(records, files)).toBe(1);

      expect(await records.countChunks()).toBe(0);
      const expected = (EXPECTED_AFTER_UPGRADE[version] ?? expectedState)('job-old');
      expect((await records.loadAll()).jobs).toEqual(expected.jobs);
      expect(await records.getFiles('job-old')).toEqual(expected.files);
      expect(await records.getSegments('job-old', 0)).toEqual(expected.segments);
      // Only flushed bytes outlive a crash: the chunks were flushed before their records went.
      files.crash();
      expect(await files.list()).toEqual([backingFileName('job-old', 0)]);
      const store = new BackingFileStore(records, files);
      const moved = [...patternBytes(600, 1), ...patternBytes(400, 2)];
      const [before] = await store.getChunks('job-old', 0);
      expect([...(await readChunkBytes(before?.data ?? []))]).toEqual(moved);

      await store.appendChunk({ jobId: 'job-old', fileIndex: 0, offset: 1000, data: patternBytes(24) }, 0);
      expect((await store.getSegments('job-old', 0))[0]).toEqual(segment('job-old', 0, 0, 2048, 1024));
      const [after] = await store.getChunks('job-old', 0);
      expect([...(await readChunkBytes(after?.data ?? []))]).toEqual([...moved, ...patternBytes(24)]);
      // The next start finds nothing more to move.
      expect(await moveChunksToBackingFiles(records, files)).toBe(0);
      db.close();
      await db.delete();
    },
  );
});
