/**
 * The behaviour every JobStore must have, as one vitest suite. Each store's test file runs it
 * with a factory; the engine relies on exactly what is checked here.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ChunkRecord, JobStore } from '../engine/ports';
import { readChunkBytes } from './chunk-data';
import { chunk, patternBytes, sampleFile, sampleJob, segment } from './contract-fixtures';

export interface StoreUnderTest {
  store: JobStore;
  close(): Promise<void>;
}

export interface StoreFactoryOptions {
  /** Total chunk bytes the store may hold; past it appendChunk fails with QuotaExceededError. */
  quotaBytes?: number;
}

/** What the chunks hold, as plain numbers per offset: easy to compare and to read in a failure. */
async function chunkContents(chunks: ChunkRecord[]): Promise<Array<{ offset: number; bytes: number[] }>> {
  return Promise.all(
    chunks.map(async (c) => ({ offset: c.offset, bytes: [...(await readChunkBytes(c.data))] })),
  );
}

/** The one element of `items`; fails the test if there is not exactly one. */
function only<T>(items: T[]): T {
  const [item] = items;
  if (items.length !== 1 || item === undefined) throw new Error(`expected one record, got ${items.length}`);
  return item;
}

export function describeJobStoreContract(
  name: string,
  make: (options?: StoreFactoryOptions) => Promise<StoreUnderTest>,
): void {
  describe(`JobStore contract: ${name}`, () => {
    const opened: StoreUnderTest[] = [];
    async function open(options?: StoreFactoryOptions): Promise<JobStore> {
      const made = await make(options);
      opened.push(made);
      return made.store;
    }
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((made) => made.close()));
    });

    /** A job with two files, one segment each: [0, 4096) and [0, 100). */
    async function openWithJob(jobId = 'job-1', options?: StoreFactoryOptions): Promise<JobStore> {
      const store = await open(options);
      await store.putJobAndFiles(sampleJob(jobId), [sampleFile(jobId, 0), sampleFile(jobId, 1)]);
      await store.replaceSegments(jobId, 0, [segment(jobId, 0, 0, 4096)]);
      await store.replaceSegments(jobId, 1, [segment(jobId, 1, 0, 100)]);
      return store;
    }

    it('starts empty', async () => {
      const store = await open();
      expect(await store.loadAll()).toEqual({ jobs: [], files: [], segments: [] });
      expect(await store.countChunks()).toBe(0);
    });

    it('putJob stores a job and overwrites it by id', async () => {
      const store = await open();
      await store.putJob(sampleJob('a'));
      await store.putJob(sampleJob('a', { state: 'QUEUED', error: null, wmp: null }));
      const { jobs } = await store.loadAll();
      expect(jobs).toEqual([sampleJob('a', { state: 'QUEUED' })]);
    });

    it('putJobAndFiles stores the job and its files; getFiles returns them by index', async () => {
      const store = await open();
      const files = [2, 10, 0, 1].map((i) => sampleFile('a', i));
      await store.putJobAndFiles(sampleJob('a'), files);
      expect(await store.getFiles('a')).toEqual([0, 1, 2, 10].map((i) => sampleFile('a', i)));
      expect((await store.loadAll()).jobs).toEqual([sampleJob('a')]);
    });

    it('putFile replaces one file by job and index', async () => {
      const store = await open();
      await store.putJobAndFiles(sampleJob('a'), [sampleFile('a', 0), sampleFile('a', 1)]);
      await store.putFile(sampleFile('a', 1, { completed: true, localPath: 'Music/x.mp3' }));
      expect(await store.getFiles('a')).toEqual([
        sampleFile('a', 0),
        sampleFile('a', 1, { completed: true, localPath: 'Music/x.mp3' }),
      ]);
    });

    it('keeps jobs whose ids share a prefix apart', async () => {
      const store = await open();
      await store.putJobAndFiles(sampleJob('job-1'), [sampleFile('job-1', 0)]);
      await store.putJobAndFiles(sampleJob('job-10'), [sampleFile('job-10', 0)]);
      expect(await store.getFiles('job-1')).toEqual([sampleFile('job-1', 0)]);
      expect(await store.getFiles('job-2')).toEqual([]);
    });

    it('replaceSegments replaces the whole set of one file, ordered by start', async () => {
      const store = await openWithJob();
      await store.replaceSegments('job-1', 0, [
        segment('job-1', 0, 2048, 4096),
        segment('job-1', 0, 0, 2048),
      ]);
      expect(await store.getSegments('job-1', 0)).toEqual([
        segment('job-1', 0, 0, 2048),
        segment('job-1', 0, 2048, 4096),
      ]);
      await store.replaceSegments('job-1', 0, [segment('job-1', 0, 0, null)]);
      expect(await store.getSegments('job-1', 0)).toEqual([segment('job-1', 0, 0, null)]);
      expect(await store.getSegments('job-1', 1)).toEqual([segment('job-1', 1, 0, 100)]);
    });

    it('replaceSegments refuses segments of another file and changes nothing', async () => {
      const store = await openWithJob();
      await expect(store.replaceSegments('job-1', 0, [segment('job-1', 1, 0, 10)])).rejects.toThrow(
        TypeError,
      );
      expect(await store.getSegments('job-1', 0)).toEqual([segment('job-1', 0, 0, 4096)]);
    });

    it('putFileAndSegments stores the file and replaces its segments, leaving other files alone', async () => {
      const store = await openWithJob();
      const probed = sampleFile('job-1', 0, { bytesTotal: 8192, resumable: true, etag: '"v2"' });
      await store.putFileAndSegments(probed, [segment('job-1', 0, 4096, 8192), segment('job-1', 0, 0, 4096)]);
      expect((await store.getFiles('job-1'))[0]).toEqual(probed);
      expect(await store.getSegments('job-1', 0)).toEqual([
        segment('job-1', 0, 0, 4096),
        segment('job-1', 0, 4096, 8192),
      ]);
      expect(await store.getSegments('job-1', 1)).toEqual([segment('job-1', 1, 0, 100)]);
    });

    it('putFileAndSegments refuses segments of another file and changes neither record', async () => {
      const store = await openWithJob();
      const probed = sampleFile('job-1', 0, { bytesTotal: 10 });
      await expect(store.putFileAndSegments(probed, [segment('job-1', 1, 0, 10)])).rejects.toThrow(TypeError);
      expect((await store.getFiles('job-1'))[0]).toEqual(sampleFile('job-1', 0));
      expect(await store.getSegments('job-1', 0)).toEqual([segment('job-1', 0, 0, 4096)]);
    });

    it('appendChunk stores the chunk and moves the segment pos past it', async () => {
      const store = await openWithJob();
      await store.appendChunk(chunk('job-1', 0, 0, patternBytes(1000, 1)), 0);
      await store.appendChunk(chunk('job-1', 0, 1000, new Blob([patternBytes(500, 2)])), 0);
      expect(await store.getSegments('job-1', 0)).toEqual([segment('job-1', 0, 0, 4096, 1500)]);
      expect(await chunkContents(await store.getChunks('job-1', 0))).toEqual([
        { offset: 0, bytes: [...patternBytes(1000, 1)] },
        { offset: 1000, bytes: [...patternBytes(500, 2)] },
      ]);
    });

    it('getChunks returns one file’s chunks ordered by offset', async () => {
      const store = await openWithJob();
      await store.replaceSegments('job-1', 0, [
        segment('job-1', 0, 0, 2048),
        segment('job-1', 0, 2048, 4096),
      ]);
      await store.appendChunk(chunk('job-1', 0, 2048, patternBytes(16, 3)), 2048);
      await store.appendChunk(chunk('job-1', 0, 0, patternBytes(16, 4)), 0);
      await store.appendChunk(chunk('job-1', 1, 0, patternBytes(16, 5)), 0);
      const chunks = await store.getChunks('job-1', 0);
      expect(chunks.map((c) => [c.jobId, c.fileIndex, c.offset])).toEqual([
        ['job-1', 0, 0],
        ['job-1', 0, 2048],
      ]);
    });

    it('appendChunk at an offset already stored replaces that chunk', async () => {
      const store = await openWithJob();
      await store.appendChunk(chunk('job-1', 0, 0, patternBytes(64, 1)), 0);
      await store.appendChunk(chunk('job-1', 0, 0, patternBytes(32, 2)), 0);
      expect(await chunkContents(await store.getChunks('job-1', 0))).toEqual([
        { offset: 0, bytes: [...patternBytes(32, 2)] },
      ]);
      expect((await store.getSegments('job-1', 0))[0]?.pos).toBe(32);
    });

    it('appendChunk stores only the bytes of a view, not its whole buffer', async () => {
      const store = await openWithJob();
      const buffer = patternBytes(4096, 9);
      await store.appendChunk(chunk('job-1', 0, 0, buffer.subarray(100, 300)), 0);
      const [stored] = await store.getChunks('job-1', 0);
      expect(stored && [...(await readChunkBytes(stored.data))]).toEqual([...buffer.subarray(100, 300)]);
      expect((await store.getSegments('job-1', 0))[0]?.pos).toBe(200);
    });

    it('appendChunk to a segment that is not stored fails and stores nothing', async () => {
      const store = await openWithJob();
      await expect(store.appendChunk(chunk('job-1', 0, 512, patternBytes(8)), 512)).rejects.toMatchObject({
        name: 'MissingSegmentError',
      });
      await store.deleteFileData('job-1', 1);
      await expect(store.appendChunk(chunk('job-1', 1, 0, patternBytes(8)), 0)).rejects.toThrow();
      expect(await store.countChunks()).toBe(0);
      expect(await store.getSegments('job-1', 0)).toEqual([segment('job-1', 0, 0, 4096)]);
    });

    it('splitSegment sets end, keeps pos, and adds [at, oldEnd) with pos = at', async () => {
      const store = await openWithJob();
      await store.appendChunk(chunk('job-1', 0, 0, patternBytes(100)), 0);
      await store.splitSegment('job-1', 0, 0, 2048);
      expect(await store.getSegments('job-1', 0)).toEqual([
        segment('job-1', 0, 0, 2048, 100),
        segment('job-1', 0, 2048, 4096, 2048),
      ]);
    });

    it('splitSegment refuses a point outside [pos, end) and changes nothing', async () => {
      const store = await openWithJob();
      await store.appendChunk(chunk('job-1', 0, 0, patternBytes(100)), 0);
      for (const at of [50, 4096, 5000, 100.5]) {
        await expect(store.splitSegment('job-1', 0, 0, at)).rejects.toThrow(RangeError);
      }
      await expect(store.splitSegment('job-1', 0, 7, 2048)).rejects.toMatchObject({
        name: 'MissingSegmentError',
      });
      expect(await store.getSegments('job-1', 0)).toEqual([segment('job-1', 0, 0, 4096, 100)]);
    });

    it('a split racing a chunk write keeps both the new end and the new pos', async () => {
      const store = await openWithJob();
      await Promise.all([
        store.appendChunk(chunk('job-1', 0, 0, patternBytes(100)), 0),
        store.splitSegment('job-1', 0, 0, 2048),
      ]);
      await store.appendChunk(chunk('job-1', 0, 100, patternBytes(100)), 0);
      expect(await store.getSegments('job-1', 0)).toEqual([
        segment('job-1', 0, 0, 2048, 200),
        segment('job-1', 0, 2048, 4096, 2048),
      ]);
    });

    it('deleteFileData drops only that file’s chunks and segments', async () => {
      const store = await openWithJob();
      await store.putJobAndFiles(sampleJob('job-10'), [sampleFile('job-10', 0)]);
      await store.replaceSegments('job-10', 0, [segment('job-10', 0, 0, 100)]);
      await store.appendChunk(chunk('job-1', 0, 0, patternBytes(10)), 0);
      await store.appendChunk(chunk('job-1', 1, 0, patternBytes(10)), 0);
      await store.appendChunk(chunk('job-10', 0, 0, patternBytes(10)), 0);
      await store.deleteFileData('job-1', 0);
      expect(await store.getChunks('job-1', 0)).toEqual([]);
      expect(await store.getSegments('job-1', 0)).toEqual([]);
      expect(await store.getSegments('job-1', 1)).toEqual([segment('job-1', 1, 0, 100, 10)]);
      expect(await store.countChunks('job-1')).toBe(1);
      expect(await store.countChunks('job-10')).toBe(1);
      expect((await store.getFiles('job-1')).map((f) => f.index)).toEqual([0, 1]);
    });

    it('putFileAndDropData stores the file and drops only its chunks and segments', async () => {
      const store = await openWithJob();
      await store.appendChunk(chunk('job-1', 0, 0, patternBytes(10)), 0);
      await store.appendChunk(chunk('job-1', 1, 0, patternBytes(10)), 0);
      const saved = sampleFile('job-1', 0, { completed: true, localPath: 'Music/x.mp3' });
      await store.putFileAndDropData(saved);
      expect(await store.getFiles('job-1')).toEqual([saved, sampleFile('job-1', 1)]);
      expect(await store.getChunks('job-1', 0)).toEqual([]);
      expect(await store.getSegments('job-1', 0)).toEqual([]);
      expect(await store.getSegments('job-1', 1)).toEqual([segment('job-1', 1, 0, 100, 10)]);
      expect(await store.countChunks('job-1')).toBe(1);
    });

    it('deleteJob drops the job with its files, segments and chunks, and nothing of other jobs', async () => {
      const store = await openWithJob('job-1');
      await store.putJobAndFiles(sampleJob('job-10'), [sampleFile('job-10', 0)]);
      await store.replaceSegments('job-10', 0, [segment('job-10', 0, 0, 100)]);
      await store.appendChunk(chunk('job-1', 0, 0, patternBytes(10)), 0);
      await store.appendChunk(chunk('job-1', 1, 0, patternBytes(10)), 0);
      await store.appendChunk(chunk('job-10', 0, 0, patternBytes(10, 7)), 0);
      await store.deleteJob('job-1');
      expect(await store.loadAll()).toEqual({
        jobs: [sampleJob('job-10')],
        files: [sampleFile('job-10', 0)],
        segments: [segment('job-10', 0, 0, 100, 10)],
      });
      expect(await store.countChunks()).toBe(1);
      expect(await chunkContents(await store.getChunks('job-10', 0))).toEqual([
        { offset: 0, bytes: [...patternBytes(10, 7)] },
      ]);
    });

    it('countChunks counts all chunks or one job’s', async () => {
      const store = await openWithJob('job-1');
      await store.putJobAndFiles(sampleJob('job-2'), [sampleFile('job-2', 0)]);
      await store.replaceSegments('job-2', 0, [segment('job-2', 0, 0, 100)]);
      for (const offset of [0, 10, 20])
        await store.appendChunk(chunk('job-1', 0, offset, patternBytes(10)), 0);
      await store.appendChunk(chunk('job-1', 1, 0, patternBytes(10)), 0);
      await store.appendChunk(chunk('job-2', 0, 0, patternBytes(10)), 0);
      expect(await store.countChunks()).toBe(5);
      expect(await store.countChunks('job-1')).toBe(4);
      expect(await store.countChunks('job-2')).toBe(1);
      expect(await store.countChunks('job-3')).toBe(0);
    });

    it('loadAll returns every job, file and segment, and no chunk data', async () => {
      const store = await openWithJob('job-1');
      await store.appendChunk(chunk('job-1', 0, 0, patternBytes(10)), 0);
      const state = await store.loadAll();
      expect(Object.keys(state).sort()).toEqual(['files', 'jobs', 'segments']);
      expect(state.jobs.map((j) => j.id)).toEqual(['job-1']);
      expect(state.files.map((f) => [f.jobId, f.index])).toEqual([
        ['job-1', 0],
        ['job-1', 1],
      ]);
      expect(state.segments).toEqual([segment('job-1', 0, 0, 4096, 10), segment('job-1', 1, 0, 100)]);
      expect(JSON.stringify(state)).not.toContain('"data"');
    });

    it('records passed in or handed out cannot change what is stored', async () => {
      const store = await open();
      const job = sampleJob('a');
      const file = sampleFile('a', 0);
      const seg = segment('a', 0, 0, 100);
      const bytes = patternBytes(10, 1);
      await store.putJobAndFiles(job, [file]);
      await store.replaceSegments('a', 0, [seg]);
      await store.appendChunk(chunk('a', 0, 0, bytes), 0);
      job.headers['X-Shop-Token'] = 'changed';
      file.url = 'http://127.0.0.1/changed';
      seg.end = 1;
      bytes.fill(0);

      only((await store.loadAll()).jobs).headers['X-Shop-Token'] = 'changed again';
      only(await store.getFiles('a')).completed = true;
      only(await store.getSegments('a', 0)).pos = 99;
      (await readChunkBytes(only(await store.getChunks('a', 0)).data)).fill(0);

      expect(await store.loadAll()).toEqual({
        jobs: [sampleJob('a')],
        files: [sampleFile('a', 0)],
        segments: [segment('a', 0, 0, 100, 10)],
      });
      expect(await chunkContents(await store.getChunks('a', 0))).toEqual([
        { offset: 0, bytes: [...patternBytes(10, 1)] },
      ]);
    });

    it('a full store fails appendChunk with QuotaExceededError and keeps what it held', async () => {
      const store = await openWithJob('job-1', { quotaBytes: 2500 });
      await store.appendChunk(chunk('job-1', 0, 0, patternBytes(1000, 1)), 0);
      await store.appendChunk(chunk('job-1', 0, 1000, patternBytes(1000, 2)), 0);
      const failure = await store
        .appendChunk(chunk('job-1', 0, 2000, patternBytes(1000, 3)), 0)
        .catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(DOMException);
      expect(failure).toMatchObject({ name: 'QuotaExceededError' });
      expect(await store.getSegments('job-1', 0)).toEqual([segment('job-1', 0, 0, 4096, 2000)]);
      expect(await chunkContents(await store.getChunks('job-1', 0))).toEqual([
        { offset: 0, bytes: [...patternBytes(1000, 1)] },
        { offset: 1000, bytes: [...patternBytes(1000, 2)] },
      ]);
    });

    it('after space is freed, appending continues', async () => {
      const store = await openWithJob('job-1', { quotaBytes: 1500 });
      await store.appendChunk(chunk('job-1', 1, 0, patternBytes(100)), 0);
      await store.appendChunk(chunk('job-1', 0, 0, patternBytes(1000)), 0);
      await expect(store.appendChunk(chunk('job-1', 0, 1000, patternBytes(1000)), 0)).rejects.toMatchObject({
        name: 'QuotaExceededError',
      });
      await store.deleteFileData('job-1', 1);
      await store.appendChunk(chunk('job-1', 0, 1000, patternBytes(400)), 0);
      expect((await store.getSegments('job-1', 0))[0]?.pos).toBe(1400);
    });
  });
}
