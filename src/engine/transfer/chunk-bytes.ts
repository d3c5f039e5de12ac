/**
 * Chunk data is a Blob in the browser (Chromium keeps IndexedDB Blobs as separate files) and
 * bytes in Node. These functions let every reader treat both alike; the store uses them too.
 */
import type { ChunkData } from '../ports';

/** True when the chunk is bytes rather than a Blob. */
export function isChunkBytes(data: ChunkData): data is Uint8Array {
  // ArrayBuffer.isView rather than instanceof: it also holds for arrays from another realm.
  return ArrayBuffer.isView(data);
}

/** The chunk's length in bytes. */
export function chunkSize(data: ChunkData): number {
  return isChunkBytes(data) ? data.byteLength : data.size;
}

/** The chunk's bytes. A Uint8Array is returned as it is (not copied); a Blob is read. */
export async function readChunkBytes(data: ChunkData): Promise<Uint8Array> {
  if (isChunkBytes(data)) return data;
  return new Uint8Array(await data.arrayBuffer());
}
