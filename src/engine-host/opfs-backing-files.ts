/**
 * Backing files in the extension's origin private file system, written through
 * `createSyncAccessHandle()`, which exists only in a dedicated worker (platform-notes.md,
 * "Storage"): each write lands in place at its offset, `flush()` makes it durable. A handle stays
 * open while the file transfers and is closed before the file is read back (`getFile()`) or removed.
 *
 * With a flusher (src/engine-host/file-flusher.ts), the disk syncs run on another thread: both
 * sides open their handles `readwrite-unsafe`, which Chromium shares between workers. Without one
 * (Firefox, which has no such mode), a handle locks its file and flushes on this thread.
 */
import type { FlushThread } from '../shared/engine-host-api';
import type { BackingFiles } from '../store/backing-files';
import { FlusherGoneError, startFileFlusher, type FileFlusher } from './file-flusher';
import { openSyncHandle } from './sync-handle';

type SyncHandle = FileSystemSyncAccessHandle;

export class OpfsBackingFiles implements BackingFiles {
  private readonly handles = new Map<string, Promise<SyncHandle>>();
  /**
   * Each open file that has been flushed: 'here' after its first flush, 'flusher' once the flusher has
   * flushed it (and holds a handle of its own, to be let go of at close).
   */
  private readonly flushedBy = new Map<string, 'here' | 'flusher'>();
  /**
   * The last `getFile()` of each file that has not been opened for writing since: the check of a
   * finished file and its save read it once. A snapshot goes stale only by a write, which reopens.
   */
  private readonly snapshots = new Map<string, Blob>();

  constructor(
    private readonly root: FileSystemDirectoryHandle,
    private flusher: FileFlusher | null = null,
  ) {}

  static async open(flusher: FileFlusher | null = null): Promise<OpfsBackingFiles> {
    return new OpfsBackingFiles(await navigator.storage.getDirectory(), flusher);
  }

  /** Where disk syncs run now (a flush worker that fails hands them back to this thread). */
  get flushThread(): FlushThread {
    return this.flusher ? 'flush worker' : 'engine host';
  }

  async write(name: string, offset: number, parts: readonly Uint8Array[]): Promise<void> {
    const handle = await this.handle(name);
    let at = offset;
    for (const part of parts) {
      const written = handle.write(part as Uint8Array<ArrayBuffer>, { at });
      if (written !== part.byteLength)
        throw new Error(`Only ${written} of ${part.byteLength} bytes were written.`);
      at += written;
    }
  }

  /**
   * A file's first flush runs here, on the handle already open: a file of one chunk (most small
   * files) then never costs the flusher a handle of its own to open and close, two round trips to
   * the browser and a message each way. From the second flush on, the flusher syncs while this
   * thread reads on (docs/storage.md, "Who flushes").
   */
  async flush(name: string): Promise<void> {
    const handle = await this.handle(name);
    if (!this.flushedBy.has(name)) this.flushedBy.set(name, 'here');
    else if (this.flusher) {
      this.flushedBy.set(name, 'flusher');
      try {
        return await this.flusher.flush(name);
      } catch (error) {
        if (!(error instanceof FlusherGoneError)) throw error;
        this.flusher = null; // our handle is shared-mode still, and flushes the same file
      }
    }
    handle.flush();
  }

  async read(name: string): Promise<Blob | null> {
    await this.close(name);
    const known = this.snapshots.get(name);
    if (known) return known;
    try {
      // Looked up again rather than kept from the write: with the entry kept, Firefox's engine host
      // stopped answering now and then in CI (not reproduced here); a getFile() racing the lock
      // that close() releases is the suspect.
      const snapshot = await (await this.root.getFileHandle(name)).getFile();
      this.snapshots.set(name, snapshot);
      return snapshot;
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async remove(name: string): Promise<void> {
    await this.close(name);
    this.snapshots.delete(name);
    await this.root.removeEntry(name).catch((error: unknown) => {
      if (!isNotFound(error)) throw error;
    });
  }

  async list(): Promise<string[]> {
    const names: string[] = [];
    for await (const name of (this.root as unknown as { keys(): AsyncIterable<string> }).keys())
      names.push(name);
    return names;
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.handles.keys()].map((name) => this.close(name)));
  }

  private handle(name: string): Promise<SyncHandle> {
    let handle = this.handles.get(name);
    if (!handle) {
      const shared = this.flusher !== null;
      this.snapshots.delete(name);
      handle = this.root.getFileHandle(name, { create: true }).then((file) => openSyncHandle(file, shared));
      this.handles.set(name, handle);
      handle.catch(() => this.handles.delete(name));
    }
    return handle;
  }

  private async close(name: string): Promise<void> {
    const handle = this.handles.get(name);
    if (!handle) return;
    this.handles.delete(name);
    const holds = this.flushedBy.get(name) === 'flusher';
    this.flushedBy.delete(name);
    // A gone flusher holds nothing.
    if (holds) await this.flusher?.close(name).catch(() => undefined);
    try {
      (await handle).close();
    } catch {
      // It never opened: nothing to close.
    }
  }
}

function isNotFound(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'NotFoundError';
}

const SELF_TEST_NAME = 'webbits-self-test';
const FLUSH_WORKER_ANSWER_MS = 5_000;

/**
 * Backing files that work here, with disk syncs on the flush worker where it can share the files
 * (Chromium), on this thread where it cannot (Firefox); null where they fail their self-test
 * (Firefox private browsing, or no OPFS or sync handles at all).
 */
export async function openOpfsBackingFiles(flushWorkerUrl: string): Promise<OpfsBackingFiles | null> {
  const flusher = startFlusherOrNull(flushWorkerUrl);
  if (flusher) {
    // A flush worker that never answers must not keep the host from starting: stopped, it hands
    // the self-test's flush back to this thread (FlusherGoneError), and the files flush here.
    const timer = setTimeout(() => flusher.stop(), FLUSH_WORKER_ANSWER_MS);
    const files = await OpfsBackingFiles.open(flusher).catch(() => null);
    const works = files !== null && (await selfTest(files));
    clearTimeout(timer);
    if (works) return files;
    flusher.stop();
  }
  const files = await OpfsBackingFiles.open().catch(() => null);
  return files && (await selfTest(files)) ? files : null;
}

/** A context without nested workers throws here: the host then flushes on its own thread. */
function startFlusherOrNull(scriptUrl: string): FileFlusher | null {
  try {
    return startFileFlusher(scriptUrl);
  } catch {
    return null;
  }
}

/**
 * Two bytes written and flushed one by one (the second flush is the flusher's, where there is
 * one), read back and removed; nothing left open whatever fails.
 */
async function selfTest(files: OpfsBackingFiles): Promise<boolean> {
  try {
    await files.write(SELF_TEST_NAME, 0, [Uint8Array.of(42)]);
    await files.flush(SELF_TEST_NAME);
    await files.write(SELF_TEST_NAME, 1, [Uint8Array.of(43)]);
    await files.flush(SELF_TEST_NAME);
    const back = await files.read(SELF_TEST_NAME);
    const bytes = back === null ? [] : [...new Uint8Array(await back.arrayBuffer())];
    const ok = bytes.length === 2 && bytes[0] === 42 && bytes[1] === 43;
    await files.remove(SELF_TEST_NAME);
    return ok;
  } catch {
    await files.remove(SELF_TEST_NAME).catch(() => undefined);
    return false;
  }
}
