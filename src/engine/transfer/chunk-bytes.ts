/**
 * Chunk data is a Blob in the browser (Chromium keeps IndexedDB Blobs as separate files), bytes in
 * Node, or the views a connection's reads arrived in. These functions let every reader treat them
 * alike; the store uses them too.
 */
import type { ChunkData } from '../ports';

/** True when the chunk is bytes rather than a Blob. */
export function isChunkBytes(data: ChunkData): data is Uint8Array {
  // ArrayBuffer.isView rather than instanceof: it also holds for arrays from another realm.
  return ArrayBuffer.isView(data);
}

/** True when the chunk is a list of views, written one after another. */
export function isChunkParts(data: ChunkData): data is readonly Uint8Array[] {
  return Array.isArray(data);
}

/** The chunk's length in bytes. */
export function chunkSize(data: ChunkData): number {
  if (isChunkParts(data)) return data.reduce((sum, part) => sum + part.byteLength, 0);
  return isChunkBytes(data) ? data.byteLength : data.size;
}

/** The chunk's bytes. A Uint8Array (or a single view) is returned as it is; a Blob is read. */
export async function readChunkBytes(data: ChunkData): Promise<Uint8Array> {
  if (isChunkBytes(data)) return data;
  if (isChunkParts(data)) return data.length === 1 ? (data[0] as Uint8Array) : joinParts(data);
  return new Uint8Array(await data.arrayBuffer());
}

/** The chunk as byte arrays to write one after another: views are kept, a Blob is read. */
export async function chunkParts(data: ChunkData): Promise<readonly Uint8Array[]> {
  if (isChunkParts(data)) return data;
  return [await readChunkBytes(data)];
}

function joinParts(parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const joined = new Uint8Array(chunkSize(parts));
  let at = 0;
  for (const part of parts) {
    joined.set(part, at);
    at += part.byteLength;
  }
  return joined;
}
