/**
 * The page Blobs the bridge staged (`staged/<uuid>` in the extension's origin private file
 * system), read where the product reads them: from an extension page and from the service
 * worker, each a first-party context of the extension's origin. A frame whose storage was
 * partitioned by the page that embeds it would have written somewhere neither of these sees.
 */
import type { Page, Worker } from 'playwright-core';
import type { ExtensionSession } from './harness';

export interface StagedFile {
  name: string;
  size: number;
  sha256: string;
}

/**
 * Runs in the extension context: every file of an OPFS folder (`staged`, or `uploads` where the
 * engine host keeps an upload job's copy) with its size and sha256.
 */
export async function readStaged(folder = 'staged'): Promise<StagedFile[]> {
  const root = await navigator.storage.getDirectory();
  let dir: FileSystemDirectoryHandle;
  try {
    dir = await root.getDirectoryHandle(folder);
  } catch {
    return [];
  }
  const files: StagedFile[] = [];
  for await (const [name, handle] of (
    dir as unknown as { entries(): AsyncIterable<[string, FileSystemFileHandle]> }
  ).entries()) {
    const file = await handle.getFile();
    // Streamed into the digest a slice at a time: the file may be large.
    const hash = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
    const sha256 = [...new Uint8Array(hash)].map((b) => b.toString(16).padStart(2, '0')).join('');
    files.push({ name, size: file.size, sha256 });
  }
  return files.sort((a, b) => a.name.localeCompare(b.name));
}

export async function stagedFilesFromPage(ext: ExtensionSession, folder = 'staged'): Promise<StagedFile[]> {
  const page: Page = await ext.openExtensionPage('options');
  try {
    return await page.evaluate(readStaged, folder);
  } finally {
    await page.close();
  }
}

export async function stagedFilesFromWorker(ext: ExtensionSession, folder = 'staged'): Promise<StagedFile[]> {
  const worker: Worker = await ext.serviceWorker();
  return worker.evaluate(readStaged, folder);
}
