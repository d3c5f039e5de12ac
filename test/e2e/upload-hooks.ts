/**
 * What the upload end-to-end tests need inside the browser: a Blob staged in the extension's
 * origin private file system as `staged/<id>` (src/shared/staged-blob.ts), written from an
 * extension page as the page bridge writes it, and an upload job made from it through the
 * background's test hook. The bytes are the BITS upload server's deterministic test payload
 * (test/server/bits-upload/test-client.ts `payload`), so Node knows their sha256.
 */
import { createHash } from 'node:crypto';
import type { JobInfo } from '../../src/engine/types';
import type { StagedBlobRef } from '../../src/shared/staged-blob';
import { payload } from '../server/bits-upload/test-client';
import { hostCall } from './engine-host-hooks';
import type { ExtensionSession } from './harness';

/** Writes payload(size, seed) to `staged/<uuid>` from an extension page; returns its reference. */
export async function stageBlob(ext: ExtensionSession, size: number, seed = 1): Promise<StagedBlobRef> {
  const page = await ext.openExtensionPage('options');
  try {
    return await page.evaluate(
      async ([length, start]) => {
        const bytes = new Uint8Array(length);
        let state = start >>> 0 || 1;
        for (let i = 0; i < length; i++) {
          state = (Math.imul(state, 1103515245) + 12345) >>> 0;
          bytes[i] = state >>> 24;
        }
        const staged = crypto.randomUUID();
        const root = await navigator.storage.getDirectory();
        const folder = await root.getDirectoryHandle('staged', { create: true });
        const writable = await (await folder.getFileHandle(staged, { create: true })).createWritable();
        await writable.write(bytes);
        await writable.close();
        return { staged, size: length, type: 'application/octet-stream' };
      },
      [size, seed] as const,
    );
  } finally {
    await page.close();
  }
}

export const payloadSha256 = (size: number, seed = 1): string =>
  createHash('sha256').update(payload(size, seed)).digest('hex');

/** Names in one folder of the extension's origin private file system ([] when it does not exist). */
export async function listOpfsFolder(ext: ExtensionSession, folder: string): Promise<string[]> {
  const page = await ext.openExtensionPage('options');
  try {
    return await page.evaluate(async (name) => {
      const root = await navigator.storage.getDirectory();
      let dir: FileSystemDirectoryHandle;
      try {
        dir = await root.getDirectoryHandle(name);
      } catch {
        return [];
      }
      const names: string[] = [];
      for await (const key of (dir as unknown as { keys(): AsyncIterable<string> }).keys()) names.push(key);
      return names.sort();
    }, folder);
  } finally {
    await page.close();
  }
}

type Outcome<T> = { ok: true; value: T } | { ok: false; name: string; message: string };

/** A host call through the background's test hook whose failure keeps the error's name. */
export async function hostOutcome<T>(
  ext: ExtensionSession,
  method: string,
  input: unknown,
): Promise<Outcome<T>> {
  const worker = await ext.serviceWorker();
  return worker.evaluate(
    async ([m, i]) => {
      const hook = (self as unknown as { webbitsTest: { host(m: string, i: unknown): Promise<unknown> } })
        .webbitsTest;
      try {
        return { ok: true as const, value: (await hook.host(m, i)) as never };
      } catch (error) {
        const { name, message } = error as Error;
        return { ok: false as const, name, message };
      }
    },
    [method, input] as const,
  ) as Promise<Outcome<T>>;
}

/** An upload job made in the engine host from a staged Blob, as the page API would make it. */
export function createUploadJob(
  ext: ExtensionSession,
  owner: string,
  url: string,
  data: StagedBlobRef,
  extra: Record<string, unknown> = {},
): Promise<JobInfo> {
  return hostCall(ext, 'createJob', {
    owner,
    init: { displayName: 'Review upload', type: 'upload', files: [{ url, data }], ...extra },
    collectionId: null,
  });
}
