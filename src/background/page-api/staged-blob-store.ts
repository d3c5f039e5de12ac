/**
 * A page's Blob (an upload's `data`) staged as `staged/<uuid>` in the extension's origin private
 * file system (src/shared/staged-blob.ts). The background checks the `blob:` URL the bridge frame
 * made of it (src/bridge/blob-urls.ts) and has the engine host's worker read it into the file
 * (src/engine-host/staged-blob-writer.ts: a BYOB reader and a sync access handle; the service
 * worker has neither a sync access handle nor a way to write without the browser copying the
 * Blob once more, docs/performance.md "Handing over 1 GiB"). The page holds no second copy; no
 * byte passes through the service worker. A failed write leaves no file. Only URLs of the
 * extension's own origin are read.
 */
import { STAGED_DIRECTORY } from '../../shared/staged-blob';

export interface StagedBlobStore {
  /** Resolves with the bytes written. */
  stage(url: string, id: string, size: number): Promise<number>;
  remove(id: string): Promise<void>;
}

export interface StagedBlobStoreDeps {
  /** `blob:chrome-extension://<id>/`: the only URLs read. */
  blobUrlPrefix: string;
  /** The engine host writes the Blob behind `url` into `staged/<id>`; resolves with the bytes written. */
  writeInHost(request: { url: string; staged: string; size: number }): Promise<number>;
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
  const remove = async (id: string): Promise<void> => {
    try {
      const staged = await (await deps.directory()).getDirectoryHandle(STAGED_DIRECTORY);
      await staged.removeEntry(id);
    } catch {
      // Never written, or already gone.
    }
  };
  return {
    remove,
    async stage(url, id, size) {
      if (!url.startsWith(deps.blobUrlPrefix)) throw new TypeError('files[0].data: not a Blob of this page');
      return whileWorking(deps.stillWorking, () => deps.writeInHost({ url, staged: id, size }));
    },
  };
}
