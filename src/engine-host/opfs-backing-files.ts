/**
 * Backing files in the extension's origin private file system, written through
 * `createSyncAccessHandle()`, which exists only in a dedicated worker (platform-notes.md,
 * "Storage"): each write lands in place at its offset, `flush()` makes it durable. A handle holds
 * an exclusive lock on its file, so it stays open while the file transfers and is closed before the
 * file is read back (`getFile()`) or removed.
 */
import type { BackingFiles } from '../store/backing-files';

type SyncHandle = FileSystemSyncAccessHandle;

export class OpfsBackingFiles implements BackingFiles {
  private readonly handles = new Map<string, Promise<SyncHandle>>();

  constructor(private readonly root: FileSystemDirectoryHandle) {}

  static async open(): Promise<OpfsBackingFiles> {
    return new OpfsBackingFiles(await navigator.storage.getDirectory());
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

  async flush(name: string): Promise<void> {
    (await this.handle(name)).flush();
  }

  async read(name: string): Promise<Blob | null> {
    await this.close(name);
    try {
      return await (await this.root.getFileHandle(name)).getFile();
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async remove(name: string): Promise<void> {
    await this.close(name);
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
      handle = this.root.getFileHandle(name, { create: true }).then((file) => file.createSyncAccessHandle());
      this.handles.set(name, handle);
      handle.catch(() => this.handles.delete(name));
    }
    return handle;
  }

  private async close(name: string): Promise<void> {
    const handle = this.handles.get(name);
    if (!handle) return;
    this.handles.delete(name);
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

/**
 * Whether backing files work here: a byte written, flushed, read back and removed. Fails in
 * Firefox private browsing and wherever OPFS or sync handles are missing.
 */
export async function opfsWorks(): Promise<boolean> {
  try {
    const files = await OpfsBackingFiles.open();
    await files.write(SELF_TEST_NAME, 0, [Uint8Array.of(42)]);
    await files.flush(SELF_TEST_NAME);
    const back = await files.read(SELF_TEST_NAME);
    const ok = back !== null && new Uint8Array(await back.arrayBuffer())[0] === 42;
    await files.remove(SELF_TEST_NAME);
    return ok;
  } catch {
    return false;
  }
}
