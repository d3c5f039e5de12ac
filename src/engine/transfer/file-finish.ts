/**
 * The last step of a file: the stored chunks must be the whole file, in order, and match its
 * sha256 when it has one (a mismatch drops them). Then the file is stored as completed.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { chunkSize, readChunkBytes } from './chunk-bytes';
import { classifyFailure, type FileLabel } from './classify-failure';
import type { FileRecord, JobStore } from '../ports';
import { chunksCoverFile } from './segment-plan';
import { FileChangedSignal } from './transfer-signals';
import { TransferFailure } from './transfer-types';

export function labelOf(file: FileRecord): FileLabel {
  return { url: file.url, name: file.name, index: file.index };
}

/** `file.bytesTotal` is the size the chunks must add up to. */
export async function finishFile(store: JobStore, file: FileRecord): Promise<FileRecord> {
  const size = file.bytesTotal ?? 0;
  const chunks = await store.getChunks(file.jobId, file.index);
  const spans = chunks.map((c) => ({ offset: c.offset, size: chunkSize(c.data) }));
  if (!chunksCoverFile(spans, size)) throw new FileChangedSignal('the stored chunks do not cover the file');
  if (file.sha256 !== null) {
    const hash = sha256.create();
    for (const chunk of chunks) hash.update(await readChunkBytes(chunk.data));
    const actual = bytesToHex(hash.digest());
    const expected = file.sha256.toLowerCase();
    if (actual !== expected) {
      await store.deleteFileData(file.jobId, file.index);
      const failure = classifyFailure({ kind: 'checksum', expected, actual }, labelOf(file));
      throw new TransferFailure(failure.error, false);
    }
  }
  const completed = { ...file, completed: true };
  await store.putFile(completed);
  return completed;
}
