/** Reads a file's stored chunks back as one array, in offset order, the way the saver would. */
import type { JobStore } from '../../src/engine/ports';
import { chunkSize, readChunkBytes } from '../../src/engine/transfer/chunk-bytes';

export async function assembleFile(store: JobStore, jobId: string, fileIndex: number): Promise<Uint8Array> {
  const chunks = await store.getChunks(jobId, fileIndex);
  const total = chunks.reduce((sum, c) => sum + chunkSize(c.data), 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    if (chunk.offset !== at) throw new Error(`chunk at ${chunk.offset}, expected ${at}: a gap or an overlap`);
    const bytes = await readChunkBytes(chunk.data);
    out.set(bytes, at);
    at += bytes.byteLength;
  }
  return out;
}
