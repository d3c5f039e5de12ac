/**
 * UploadStore in memory for the engine's Node tests: `stage(bytes)` plays the page transport
 * (data written under a fresh staged id), `adopt` moves it to the job as the engine host does.
 */
import { randomUUID } from 'node:crypto';
import type { UploadSource, UploadStore } from '../../../src/engine/ports';
import type { UploadDataRef } from '../../../src/engine/types';

export class MemoryUploads implements UploadStore {
  readonly staged = new Map<string, Uint8Array>();
  readonly data = new Map<string, Uint8Array>();
  readonly replies = new Map<string, Uint8Array>();
  /** Bytes handed out by read(), for tests that count what was read. */
  bytesRead = 0;

  stage(bytes: Uint8Array, type = 'application/octet-stream'): UploadDataRef {
    const staged = randomUUID();
    this.staged.set(staged, bytes);
    return { staged, size: bytes.byteLength, type };
  }

  async adopt(jobId: string, data: UploadDataRef, field: string): Promise<void> {
    const bytes = this.staged.get(data.staged);
    if (!bytes) throw new TypeError(`${field}: the Blob was not handed over`);
    if (bytes.byteLength !== data.size)
      throw new TypeError(`${field}: the Blob has ${bytes.byteLength} bytes, not ${data.size}`);
    this.staged.delete(data.staged);
    this.data.set(jobId, bytes);
  }

  async open(jobId: string): Promise<UploadSource> {
    const bytes = this.data.get(jobId);
    if (!bytes) throw new Error(`no stored data for ${jobId}`);
    return {
      size: bytes.byteLength,
      read: async (offset, length) => {
        this.bytesRead += length;
        return bytes.slice(offset, offset + length);
      },
      close: async () => undefined,
    };
  }

  async putReply(jobId: string, reply: Uint8Array): Promise<void> {
    this.replies.set(jobId, reply.slice());
  }

  async getReply(jobId: string): Promise<Uint8Array | null> {
    return this.replies.get(jobId)?.slice() ?? null;
  }

  async deleteData(jobId: string): Promise<void> {
    this.data.delete(jobId);
  }

  async discardStaged(staged: string): Promise<void> {
    this.staged.delete(staged);
  }

  async deleteAll(jobId: string): Promise<void> {
    this.data.delete(jobId);
    this.replies.delete(jobId);
  }
}
