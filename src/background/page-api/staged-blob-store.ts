/**
 * Writes a page's Blob into the extension's origin private file system as `staged/<uuid>`
 * (src/shared/staged-blob.ts), read from the `blob:` URL the bridge frame made of it
 * (src/bridge/blob-urls.ts). The bytes stream from the Blob's store into the file in the browser's
 * chunks: nobody holds the whole Blob, and the page holds no second copy. `createWritable` writes
 * a swap file that replaces the file on `close()`, so a staged file is whole or absent. Only URLs
 * of the extension's own origin are read.
 */
import { STAGED_DIRECTORY } from '../../shared/staged-blob';

export interface StagedBlobStore {
  /** Resolves with the bytes written. */
  stage(url: string, id: string): Promise<number>;
  remove(id: string): Promise<void>;
}

export interface StagedBlobStoreDeps {
  /** `blob:chrome-extension://<id>/`: the only URLs read. */
  blobUrlPrefix: string;
  fetch(url: string): Promise<Response>;
  directory(): Promise<FileSystemDirectoryHandle>;
  /** Called every few seconds while bytes are written: a long copy must not let the worker idle out. */
  stillWorking(): void;
}

const STILL_WORKING_MS = 10_000;

export function createStagedBlobStore(deps: StagedBlobStoreDeps): StagedBlobStore {
  const staged = async () =>
    deps.directory().then((root) => root.getDirectoryHandle(STAGED_DIRECTORY, { create: true }));
  const remove = async (id: string): Promise<void> => {
    try {
      await (await staged()).removeEntry(id);
    } catch {
      // Never written, or already gone.
    }
  };
  return {
    remove,
    async stage(url, id) {
      if (!url.startsWith(deps.blobUrlPrefix)) throw new TypeError('files[0].data: not a Blob of this page');
      const response = await deps.fetch(url);
      if (!response.ok || !response.body) throw new Error('files[0].data: the Blob could not be read');
      const file = await (await staged()).getFileHandle(id, { create: true });
      const writable = await file.createWritable();
      let written = 0;
      let lastPing = Date.now();
      const count = new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          written += chunk.byteLength;
          if (Date.now() - lastPing > STILL_WORKING_MS) {
            lastPing = Date.now();
            deps.stillWorking();
          }
          controller.enqueue(chunk);
        },
      });
      try {
        // pipeTo closes the writable when the Blob ends, and aborts it (nothing kept) on failure.
        await response.body.pipeThrough(count).pipeTo(writable);
      } catch (error) {
        await remove(id);
        if (error instanceof DOMException && error.name === 'QuotaExceededError') {
          throw Object.assign(new Error(`files[0].data: not enough space to store it`), { name: error.name });
        }
        throw new Error(`files[0].data: could not be stored: ${(error as Error).message}`);
      }
      return written;
    },
  };
}
