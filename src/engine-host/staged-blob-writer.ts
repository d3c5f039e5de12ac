/**
 * Writes a page's Blob into `staged/<uuid>` (src/shared/staged-blob.ts) from the `blob:` URL the
 * bridge frame made of it (src/bridge/blob-urls.ts), in the engine host's dedicated worker: the
 * body is read with a BYOB reader into one reused 8 MiB block, and each full block is written
 * through a sync access handle, which only a dedicated worker has. Measured with 1 GiB
 * (docs/performance.md, "Handing over 1 GiB"): 1.6 s here, against 8.8 s for the service worker's
 * `createWritable().write(await response.blob())`, which made the browser copy the Blob once more
 * before writing it. A failed write leaves no file; nothing beyond the announced size is written.
 */
import { STAGED_DIRECTORY } from '../shared/staged-blob';

/** Bytes per write: 1 MiB writes took 2.5 s for 1 GiB, 8 MiB 1.6 s, 32 MiB 2.6 s. */
export const STAGE_BLOCK_BYTES = 8 * 1024 * 1024;

export interface StageRequest {
  url: string;
  /** The staged file's UUID, made by the bridge. */
  staged: string;
  /** The Blob's size as the bridge saw it: more bytes than this are refused. */
  size: number;
}

export interface StagedBlobWriterDeps {
  /** `blob:<this extension's origin>/`: the only URLs read. */
  blobUrlPrefix: string;
  fetch(url: string): Promise<Response>;
  root(): Promise<FileSystemDirectoryHandle>;
}

/** The part of a sync access handle used here (FileSystemSyncAccessHandle). */
interface SyncFile {
  write(buffer: Uint8Array, options: { at: number }): number;
  flush(): void;
  close(): void;
}

/**
 * Fills `block` from the body: resolves with the bytes put in it (fewer only at the end).
 * A BYOB reader reads straight into the block; a plain reader's chunks are copied into it.
 */
function blockFiller(body: ReadableStream<Uint8Array>): {
  fill(block: { buffer: ArrayBuffer }): Promise<number>;
  cancel(): Promise<void>;
} {
  let byob: ReadableStreamBYOBReader | null = null;
  try {
    byob = body.getReader({ mode: 'byob' });
  } catch {
    // Not a byte stream: chunks are copied.
  }
  if (byob) {
    const reader = byob;
    return {
      async fill(block) {
        let filled = 0;
        while (filled < block.buffer.byteLength) {
          const size = block.buffer.byteLength;
          const result = await reader.read(new Uint8Array(block.buffer, filled, size - filled));
          // The read transferred the buffer; its view holds it now.
          if (result.value) block.buffer = result.value.buffer as ArrayBuffer;
          if (result.done || !result.value) break;
          filled += result.value.byteLength;
        }
        return filled;
      },
      cancel: () => reader.cancel(),
    };
  }
  const reader = body.getReader();
  let rest: Uint8Array | null = null;
  return {
    async fill(block) {
      const target = new Uint8Array(block.buffer);
      let filled = 0;
      while (filled < target.byteLength) {
        if (!rest || rest.byteLength === 0) {
          const result = await reader.read();
          if (result.done) break;
          rest = result.value;
        }
        const taken = rest.subarray(0, target.byteLength - filled);
        target.set(taken, filled);
        filled += taken.byteLength;
        rest = rest.subarray(taken.byteLength);
      }
      return filled;
    },
    cancel: () => reader.cancel(),
  };
}

function stagingError(error: unknown): Error {
  if (error instanceof DOMException && error.name === 'QuotaExceededError') {
    return Object.assign(new Error('files[0].data: not enough space to store it'), { name: error.name });
  }
  if (error instanceof Error && error.message.startsWith('files[0].data: ')) return error;
  // A Blob the browser itself could not keep (too large for its Blob storage at that moment) or
  // that went away reads as a network error.
  return new Error(`files[0].data: the page's Blob could not be read (${String(error)})`);
}

/** Resolves with the bytes written into `staged/<staged>`; on failure the file is gone. */
export async function writeStagedBlob(deps: StagedBlobWriterDeps, request: StageRequest): Promise<number> {
  if (!request.url.startsWith(deps.blobUrlPrefix)) {
    throw new TypeError('files[0].data: not a Blob of this page');
  }
  const directory = await (await deps.root()).getDirectoryHandle(STAGED_DIRECTORY, { create: true });
  const handle = await directory.getFileHandle(request.staged, { create: true });
  const file = (await (
    handle as unknown as { createSyncAccessHandle(): Promise<SyncFile> }
  ).createSyncAccessHandle()) as SyncFile;
  let written = 0;
  try {
    const response = await deps.fetch(request.url);
    if (!response.ok || !response.body) throw new Error(`files[0].data: the page's Blob could not be read`);
    const body = blockFiller(response.body);
    const block = { buffer: new ArrayBuffer(Math.min(STAGE_BLOCK_BYTES, Math.max(1, request.size))) };
    for (;;) {
      const filled = await body.fill(block);
      if (filled === 0) break;
      if (written + filled > request.size) {
        await body.cancel().catch(() => undefined);
        throw new Error(`files[0].data: the Blob has more than the ${request.size} bytes it announced`);
      }
      written += file.write(new Uint8Array(block.buffer, 0, filled), { at: written });
      if (filled < block.buffer.byteLength) break;
    }
    file.flush();
    file.close();
  } catch (error) {
    file.close();
    await directory.removeEntry(request.staged).catch(() => undefined);
    throw stagingError(error);
  }
  return written;
}
