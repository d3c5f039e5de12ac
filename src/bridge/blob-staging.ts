/**
 * Writes a page's Blob into the extension's origin private file system as `staged/<uuid>`
 * (src/shared/staged-blob.ts), streamed: the Blob is read in the browser's chunks and written as
 * they come, so neither the page nor the bridge ever holds the whole of it. `createWritable`
 * writes to a swap file that replaces the file on `close()`: a staged file is either whole or
 * absent, which is what the engine needs to take it over.
 */
import { STAGED_DIRECTORY } from '../shared/staged-blob';

export interface BlobStager {
  stage(id: string, blob: Blob): Promise<void>;
  remove(id: string): Promise<void>;
}

async function stagedDirectory(): Promise<FileSystemDirectoryHandle> {
  const root = await navigator.storage.getDirectory();
  return root.getDirectoryHandle(STAGED_DIRECTORY, { create: true });
}

export const opfsStager: BlobStager = {
  async stage(id, blob) {
    const file = await (await stagedDirectory()).getFileHandle(id, { create: true });
    const writable = await file.createWritable();
    // pipeTo closes the writable when the stream ends, and aborts it (no file) when it fails.
    await blob.stream().pipeTo(writable);
  },
  async remove(id) {
    try {
      await (await stagedDirectory()).removeEntry(id);
    } catch {
      // Never written, or already gone.
    }
  },
};
