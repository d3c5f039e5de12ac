/**
 * Writes a page's Blob into the extension's origin private file system as `staged/<uuid>`
 * (src/shared/staged-blob.ts), read from the `blob:` URL the bridge frame made of it
 * (src/bridge/blob-urls.ts). The fetched Blob is handed to `createWritable().write(blob)` whole:
 * the browser copies it into the file itself, so no byte passes through this script (measured
 * with 1 GiB, bench/page-blob.ts: the extension process grows 4 MiB this way, 287 MiB when the
 * body was piped through a stream here). The page holds no second copy. The writable writes a
 * swap file that replaces the file on `close()`, so a staged file is whole or absent. Only URLs
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

/** Runs `work`, calling `ping` every STILL_WORKING_MS until it settles. */
async function whileWorking<T>(ping: () => void, work: () => Promise<T>): Promise<T> {
  const timer = setInterval(ping, STILL_WORKING_MS);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

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
      try {
        await whileWorking(deps.stillWorking, async () => {
          const blob = await response.blob();
          written = blob.size;
          await writable.write(blob);
          await writable.close();
        });
      } catch (error) {
        await writable.abort().catch(() => undefined);
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
