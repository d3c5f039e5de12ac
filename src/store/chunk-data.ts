/**
 * Chunk data is a Blob in the browser (Chromium keeps IndexedDB Blobs as separate files) and
 * bytes in Node. Reading a chunk's size and bytes is the engine's (engine/transfer/chunk-bytes.ts)
 * and is re-exported here; this file adds the form a store keeps a chunk in.
 */
import type { ChunkData } from '../engine/ports';
import {
  chunkParts,
  chunkSize,
  isChunkBytes,
  isChunkParts,
  readChunkBytes,
} from '../engine/transfer/chunk-bytes';

export { chunkParts, chunkSize, readChunkBytes };

/**
 * A Uint8Array that owns exactly its bytes. Structured clone (IndexedDB, postMessage) copies a
 * view's whole underlying buffer, so a 64 KiB view of a 16 MiB read buffer would store 16 MiB.
 */
export function compactBytes(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  if (
    bytes.byteOffset === 0 &&
    bytes.byteLength === bytes.buffer.byteLength &&
    bytes.buffer instanceof ArrayBuffer
  ) {
    return bytes as Uint8Array<ArrayBuffer>;
  }
  return bytes.slice();
}

/** The chunk in the form a store keeps: a Blob or compact bytes. */
export async function toStoredChunkData(data: ChunkData, asBlob: boolean): Promise<ChunkData> {
  if (asBlob && isChunkParts(data)) return new Blob(data as Uint8Array<ArrayBuffer>[]);
  if (asBlob) return isChunkBytes(data) ? new Blob([compactBytes(data)]) : data;
  return compactBytes(await readChunkBytes(data));
}
