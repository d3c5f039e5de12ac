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

/** Runs in the extension context: every staged file with its size and sha256. */
export async function readStaged(): Promise<StagedFile[]> {
  const root = await navigator.storage.getDirectory();
  let dir: FileSystemDirectoryHandle;
  try {
    dir = await root.getDirectoryHandle('staged');
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

export async function stagedFilesFromPage(ext: ExtensionSession): Promise<StagedFile[]> {
  const page: Page = await ext.openExtensionPage('options');
  try {
    return await page.evaluate(readStaged);
  } finally {
    await page.close();
  }
}

export async function stagedFilesFromWorker(ext: ExtensionSession): Promise<StagedFile[]> {
  const worker: Worker = await ext.serviceWorker();
  return worker.evaluate(readStaged);
}
