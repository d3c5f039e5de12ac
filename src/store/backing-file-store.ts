/**
 * A JobStore whose bytes live in backing files (one per file, written in place) and whose records
 * live in another store (IndexedDB, or memory). appendChunk keeps the JobStore promise, "the chunk
 * and its segment's progress as one step", in the only order a crash cannot break: the bytes are
 * written and flushed first, then the segment's `pos` is recorded. A crash in between leaves bytes
 * past the recorded `pos`, which the resume simply fetches and writes again (job-model.md).
 *
 * Reading a file back gives one "chunk": the whole backing file, offset 0, disk-backed.
 */
import type {
  ChunkData,
  ChunkRecord,
  FileRecord,
  JobRecord,
  JobStore,
  LoadedState,
  SegmentRecord,
} from '../engine/ports';
import { backingFileName, parseBackingFileName, type BackingFiles } from './backing-files';
import { chunkParts } from './chunk-data';

/** What the records store must offer besides JobStore: progress without chunk data. */
export interface SegmentProgress {
  /** Sets `pos` of one stored segment (only `pos`); MissingSegmentError if it is not stored. */
  advanceSegment(jobId: string, fileIndex: number, segmentStart: number, pos: number): Promise<void>;
}

export class BackingFileStore implements JobStore {
  constructor(
    private readonly records: JobStore & SegmentProgress,
    private readonly files: BackingFiles,
  ) {}

  loadAll(): Promise<LoadedState> {
    return this.records.loadAll();
  }
  putJob(job: JobRecord): Promise<void> {
    return this.records.putJob(job);
  }
  putJobAndFiles(job: JobRecord, files: FileRecord[]): Promise<void> {
    return this.records.putJobAndFiles(job, files);
  }
  putFile(file: FileRecord): Promise<void> {
    return this.records.putFile(file);
  }
  putFileAndSegments(file: FileRecord, segments: SegmentRecord[]): Promise<void> {
    return this.records.putFileAndSegments(file, segments);
  }
  /** Records first, as deleteFileData: a crash in between leaves a file that deleteJob removes. */
  async putFileAndDropData(file: FileRecord): Promise<void> {
    await this.records.putFileAndDropData(file);
    await this.files.remove(backingFileName(file.jobId, file.index));
  }
  getFiles(jobId: string): Promise<FileRecord[]> {
    return this.records.getFiles(jobId);
  }
  getSegments(jobId: string, fileIndex: number): Promise<SegmentRecord[]> {
    return this.records.getSegments(jobId, fileIndex);
  }
  replaceSegments(jobId: string, fileIndex: number, segments: SegmentRecord[]): Promise<void> {
    return this.records.replaceSegments(jobId, fileIndex, segments);
  }
  splitSegment(jobId: string, fileIndex: number, segmentStart: number, at: number): Promise<void> {
    return this.records.splitSegment(jobId, fileIndex, segmentStart, at);
  }

  async appendChunk(chunk: ChunkRecord, segmentStart: number): Promise<void> {
    const name = backingFileName(chunk.jobId, chunk.fileIndex);
    const parts = await chunkParts(chunk.data);
    await this.files.write(name, chunk.offset, parts);
    await this.files.flush(name);
    const size = parts.reduce((sum, part) => sum + part.byteLength, 0);
    await this.records.advanceSegment(chunk.jobId, chunk.fileIndex, segmentStart, chunk.offset + size);
  }

  async getChunks(jobId: string, fileIndex: number): Promise<ChunkRecord[]> {
    const data: ChunkData | null = await this.files.read(backingFileName(jobId, fileIndex));
    return data && data.size > 0 ? [{ jobId, fileIndex, offset: 0, data }] : [];
  }

  async deleteFileData(jobId: string, fileIndex: number): Promise<void> {
    await this.records.deleteFileData(jobId, fileIndex);
    await this.files.remove(backingFileName(jobId, fileIndex));
  }

  async deleteJob(jobId: string): Promise<void> {
    await this.records.deleteJob(jobId);
    for (const name of await this.namesOf(jobId)) await this.files.remove(name);
  }

  /** Backing files stand for chunks here: none may be left once a job is final. */
  async countChunks(jobId?: string): Promise<number> {
    return (await this.namesOf(jobId)).length + (await this.records.countChunks(jobId));
  }

  private async namesOf(jobId?: string): Promise<string[]> {
    const names = await this.files.list();
    return names.filter((name) => {
      const owner = parseBackingFileName(name);
      return owner !== null && (jobId === undefined || owner.jobId === jobId);
    });
  }
}
