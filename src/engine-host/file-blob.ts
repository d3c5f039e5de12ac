/**
 * A stored file as one Blob, without copying: its backing file (one disk-backed "chunk"), or its
 * chunk records' Blobs joined in order where bytes live in IndexedDB. The engine host's worker
 * hands it to its document, which makes the blob: URL the downloads API saves.
 */
import type { JobStore } from '../engine/ports';

export async function assembleFileBlob(
  store: Pick<JobStore, 'getChunks'>,
  request: { jobId: string; fileIndex: number; bytesTotal: number; contentType: string | null },
): Promise<Blob> {
  const chunks = await store.getChunks(request.jobId, request.fileIndex);
  const parts = chunks.map((chunk) => chunk.data as BlobPart);
  // Never the server's type: Chromium would change the file's extension to match it, and the
  // engine has already chosen the name (files-on-disk.md).
  const blob = new Blob(parts, { type: 'application/octet-stream' });
  if (blob.size !== request.bytesTotal) {
    throw new Error(`The stored data has ${blob.size} bytes where ${request.bytesTotal} were expected.`);
  }
  return blob;
}
