/**
 * Chunk data is a Blob in the browser (Chromium keeps IndexedDB Blobs as separate files) and
 * bytes in Node. These functions let every reader treat both alike.
 */
import type { ChunkData } from '../engine/ports';

function isBytes(data: ChunkData): data is Uint8Array {
  // ArrayBuffer.isView rather than instanceof: it also holds for arrays from another realm.
  return ArrayBuffer.isView(data);
}

/** The chunk's length in bytes. */
export function chunkSize(data: ChunkData): number {
  return isBytes(data) ? data.byteLength : data.size;
}

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

/** The chunk's bytes. A Uint8Array is returned as it is (not copied); a Blob is read. */
export async function readChunkBytes(data: ChunkData): Promise<Uint8Array> {
  if (isBytes(data)) return data;
  return new Uint8Array(await data.arrayBuffer());
}

/** The chunk in the form a store keeps: a Blob or compact bytes. */
export async function toStoredChunkData(data: ChunkData, asBlob: boolean): Promise<ChunkData> {
  if (asBlob) return isBytes(data) ? new Blob([compactBytes(data)]) : data;
  return compactBytes(await readChunkBytes(data));
}
