import { describe, expect, it } from 'vitest';
import { MapBackingFiles } from '../../test/store/map-backing-files';
import { BackingFileStore } from './backing-file-store';
import { backingFileName, parseBackingFileName } from './backing-files';
import { chunkSize, readChunkBytes } from './chunk-data';
import { sampleFile, sampleJob, segment } from './contract-fixtures';
import { MemoryJobStore } from './memory-store';
import { moveChunksToBackingFiles } from './move-chunks';

async function storeWithJob(files = new MapBackingFiles()) {
  const records = new MemoryJobStore();
  const store = new BackingFileStore(records, files);
  await store.putJobAndFiles(sampleJob('job-1'), [sampleFile('job-1', 0)]);
  await store.replaceSegments('job-1', 0, [segment('job-1', 0, 0, 3072)]);
  return { records, store, files };
}

const bytes = (from: number, count: number) => Uint8Array.from({ length: count }, (_, i) => (from + i) % 251);

describe('BackingFileStore', () => {
  it('writes chunks in place, in any order, into one backing file, and records progress', async () => {
    const { store, records, files } = await storeWithJob();
    await store.splitSegment('job-1', 0, 0, 2048);
    await store.appendChunk({ jobId: 'job-1', fileIndex: 0, offset: 2048, data: [bytes(2048, 1024)] }, 2048);
    await store.appendChunk(
      { jobId: 'job-1', fileIndex: 0, offset: 0, data: [bytes(0, 1000), bytes(1000, 1048)] },
      0,
    );
    expect((await records.getSegments('job-1', 0)).map((s) => s.pos)).toEqual([2048, 3072]);
    expect(await files.list()).toEqual([backingFileName('job-1', 0)]);
    expect(await records.countChunks()).toBe(0);
    const [whole] = await store.getChunks('job-1', 0);
    expect(whole?.offset).toBe(0);
    expect([...(await readChunkBytes(whole?.data ?? []))]).toEqual([...bytes(0, 3072)]);
  });

  it('records progress only over flushed bytes: after a crash, what is recorded is on disk', async () => {
    const { store, records, files } = await storeWithJob();
    await store.appendChunk({ jobId: 'job-1', fileIndex: 0, offset: 0, data: [bytes(0, 1024)] }, 0);
    files.crash();
    const [segmentAfter] = await records.getSegments('job-1', 0);
    const [whole] = await store.getChunks('job-1', 0);
    expect(whole ? chunkSize(whole.data) : 0).toBeGreaterThanOrEqual(segmentAfter?.pos ?? Infinity);
  });

  it('a full disk fails appendChunk with QuotaExceededError and records nothing', async () => {
    const { store, records } = await storeWithJob(new MapBackingFiles(1500));
    await store.appendChunk({ jobId: 'job-1', fileIndex: 0, offset: 0, data: [bytes(0, 1024)] }, 0);
    await expect(
      store.appendChunk({ jobId: 'job-1', fileIndex: 0, offset: 1024, data: [bytes(1024, 1024)] }, 0),
    ).rejects.toMatchObject({ name: 'QuotaExceededError' });
    expect((await records.getSegments('job-1', 0))[0]?.pos).toBe(1024);
  });

  it("deleting a file or a job removes its backing files, and no other job's", async () => {
    const { store, files } = await storeWithJob();
    await store.putJobAndFiles(sampleJob('job-10'), [sampleFile('job-10', 0)]);
    await store.replaceSegments('job-10', 0, [segment('job-10', 0, 0, 3072)]);
    await store.appendChunk({ jobId: 'job-1', fileIndex: 0, offset: 0, data: [bytes(0, 10)] }, 0);
    await store.appendChunk({ jobId: 'job-10', fileIndex: 0, offset: 0, data: [bytes(0, 10)] }, 0);
    expect(await store.countChunks('job-1')).toBe(1);
    await store.deleteFileData('job-1', 0);
    expect(await store.countChunks('job-1')).toBe(0);
    await store.deleteJob('job-10');
    expect(await files.list()).toEqual([]);
  });

  it('names backing files by job and file', () => {
    const id = '4a0f3c2e-1b7d-4e5f-9a8b-7c6d5e4f3a2b';
    expect(parseBackingFileName(backingFileName(id, 12))).toEqual({ jobId: id, fileIndex: 12 });
    expect(parseBackingFileName('webbits-self-test')).toBeNull();
  });
});

describe('moveChunksToBackingFiles', () => {
  it('moves chunk records into backing files, keeping every segment as it was', async () => {
    const records = new MemoryJobStore();
    await records.putJobAndFiles(sampleJob('job-1'), [sampleFile('job-1', 0), sampleFile('job-1', 1)]);
    await records.replaceSegments('job-1', 0, [segment('job-1', 0, 0, 3072)]);
    await records.appendChunk({ jobId: 'job-1', fileIndex: 0, offset: 0, data: bytes(0, 1024) }, 0);
    await records.appendChunk({ jobId: 'job-1', fileIndex: 0, offset: 1024, data: bytes(1024, 512) }, 0);
    const segmentsBefore = await records.getSegments('job-1', 0);
    const files = new MapBackingFiles();

    expect(await moveChunksToBackingFiles(records, files)).toBe(1);

    expect(await records.countChunks()).toBe(0);
    expect(await records.getSegments('job-1', 0)).toEqual(segmentsBefore);
    const store = new BackingFileStore(records, files);
    const [whole] = await store.getChunks('job-1', 0);
    expect([...(await readChunkBytes(whole?.data ?? []))]).toEqual([...bytes(0, 1536)]);
    files.crash();
    expect((await files.read(backingFileName('job-1', 0)))?.size).toBe(1536);
    expect(await moveChunksToBackingFiles(records, files)).toBe(0);
  });
});
