/**
 * Updating WebBITS in the middle of a download keeps it. Builds before the engine host kept every
 * byte as IndexedDB chunk records; at the first start with backing files, each file's chunks are
 * written in place into its backing file and flushed, and only then dropped. Segments are not
 * touched, so the file resumes exactly where it was and no byte is fetched again. A crash half way
 * repeats the step at the next start: writing the same bytes at the same offsets again is harmless.
 */
import type { JobStore } from '../engine/ports';
import { backingFileName, type BackingFiles } from './backing-files';
import { chunkParts } from './chunk-data';

export interface ChunkRecordsStore extends JobStore {
  deleteChunks(jobId: string, fileIndex: number): Promise<void>;
}

/** Returns how many files were moved. */
export async function moveChunksToBackingFiles(
  records: ChunkRecordsStore,
  files: BackingFiles,
): Promise<number> {
  if ((await records.countChunks()) === 0) return 0;
  const { files: fileRecords } = await records.loadAll();
  let moved = 0;
  for (const file of fileRecords) {
    const chunks = await records.getChunks(file.jobId, file.index);
    if (chunks.length === 0) continue;
    const name = backingFileName(file.jobId, file.index);
    for (const chunk of chunks) await files.write(name, chunk.offset, await chunkParts(chunk.data));
    await files.flush(name);
    await records.deleteChunks(file.jobId, file.index);
    moved += 1;
  }
  return moved;
}
