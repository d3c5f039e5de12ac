/**
 * Upload jobs' data and replies in the origin private file system (job-model.md "Uploads"). The
 * page's Blob arrives staged as `staged/<id>` (src/shared/staged-blob.ts); createJob moves it to
 * `uploads/<jobId>`, the job's stored copy, which fragments are read from as File slices (no copy,
 * no lock). An upload-reply's reply is `uploads/<jobId>.reply`. Both folders are made only when
 * the first upload needs them, so a WebBITS that never uploads has neither.
 */
import type { UploadSource, UploadStore } from '../engine/ports';
import type { JobRecord } from '../engine/ports';
import { isFinal, type UploadDataRef } from '../engine/types';
import { STAGED_DIRECTORY } from '../shared/staged-blob';

export const UPLOADS_DIRECTORY = 'uploads';
/** A staged file nobody claimed within this long is swept at the host's start. */
export const STAGED_SWEEP_AGE_MS = 10 * 60 * 1000;

const replyName = (jobId: string): string => `${jobId}.reply`;

export class OpfsUploadFiles implements UploadStore {
  constructor(private readonly root: FileSystemDirectoryHandle) {}

  async adopt(jobId: string, data: UploadDataRef, field: string): Promise<void> {
    const staged = await this.directory(STAGED_DIRECTORY, false);
    const handle = staged ? await fileIn(staged, data.staged) : null;
    if (!staged || !handle) throw new TypeError(`${field}: the Blob was not handed over to WebBITS`);
    const file = await handle.getFile();
    if (file.size !== data.size) {
      await removeIn(staged, data.staged);
      throw new TypeError(`${field}: ${file.size} bytes arrived where the Blob has ${data.size}`);
    }
    const uploads = (await this.directory(UPLOADS_DIRECTORY, true)) as FileSystemDirectoryHandle;
    const movable = handle as FileSystemFileHandle & {
      move?(to: FileSystemDirectoryHandle, name: string): Promise<void>;
    };
    if (typeof movable.move === 'function') {
      await movable.move(uploads, jobId);
      return;
    }
    // No move(): a copy, then the staged file goes.
    const writable = await (await uploads.getFileHandle(jobId, { create: true })).createWritable();
    await file.stream().pipeTo(writable);
    await removeIn(staged, data.staged);
  }

  async open(jobId: string): Promise<UploadSource> {
    const uploads = await this.directory(UPLOADS_DIRECTORY, false);
    const handle = uploads ? await fileIn(uploads, jobId) : null;
    if (!handle) throw new Error("The upload's stored data is missing.");
    const file = await handle.getFile();
    return {
      size: file.size,
      read: async (offset, length) => file.slice(offset, offset + length),
      close: async () => undefined,
    };
  }

  async putReply(jobId: string, reply: Uint8Array): Promise<void> {
    const uploads = (await this.directory(UPLOADS_DIRECTORY, true)) as FileSystemDirectoryHandle;
    const handle = await uploads.getFileHandle(replyName(jobId), { create: true });
    const writable = await handle.createWritable();
    await writable.write(reply as Uint8Array<ArrayBuffer>);
    await writable.close();
  }

  async getReply(jobId: string): Promise<Uint8Array | null> {
    const uploads = await this.directory(UPLOADS_DIRECTORY, false);
    const handle = uploads ? await fileIn(uploads, replyName(jobId)) : null;
    if (!handle) return null;
    return new Uint8Array(await (await handle.getFile()).arrayBuffer());
  }

  async deleteData(jobId: string): Promise<void> {
    const uploads = await this.directory(UPLOADS_DIRECTORY, false);
    if (uploads) await removeIn(uploads, jobId);
  }

  async deleteAll(jobId: string): Promise<void> {
    const uploads = await this.directory(UPLOADS_DIRECTORY, false);
    if (!uploads) return;
    await removeIn(uploads, jobId);
    await removeIn(uploads, replyName(jobId));
  }

  /** A staged file, by the bridge's id: dropped when createJob refused it. */
  async discardStaged(id: string): Promise<void> {
    const staged = await this.directory(STAGED_DIRECTORY, false);
    if (staged) await removeIn(staged, id);
  }

  /**
   * At the host's start: staged files nobody claimed (older than STAGED_SWEEP_AGE_MS: a bridge may
   * be writing one right now), data of jobs that are gone or final, replies of jobs that are gone.
   */
  async sweep(jobs: readonly JobRecord[], now: number): Promise<void> {
    const staged = await this.directory(STAGED_DIRECTORY, false);
    if (staged) {
      for (const name of await namesIn(staged)) {
        const file = await (await fileIn(staged, name))?.getFile().catch(() => null);
        if (file && now - file.lastModified >= STAGED_SWEEP_AGE_MS) await removeIn(staged, name);
      }
    }
    const uploads = await this.directory(UPLOADS_DIRECTORY, false);
    if (!uploads) return;
    const byId = new Map(jobs.map((job) => [job.id, job]));
    for (const name of await namesIn(uploads)) {
      const reply = name.endsWith('.reply');
      const job = byId.get(reply ? name.slice(0, -'.reply'.length) : name);
      if (!job || (!reply && isFinal(job.state))) await removeIn(uploads, name);
    }
  }

  private async directory(name: string, create: boolean): Promise<FileSystemDirectoryHandle | null> {
    try {
      return await this.root.getDirectoryHandle(name, { create });
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }
}

async function fileIn(
  directory: FileSystemDirectoryHandle,
  name: string,
): Promise<FileSystemFileHandle | null> {
  try {
    return await directory.getFileHandle(name);
  } catch (error) {
    if (isNotFound(error) || (error instanceof DOMException && error.name === 'TypeMismatchError'))
      return null;
    throw error;
  }
}

async function removeIn(directory: FileSystemDirectoryHandle, name: string): Promise<void> {
  await directory.removeEntry(name).catch((error: unknown) => {
    if (!isNotFound(error)) throw error;
  });
}

async function namesIn(directory: FileSystemDirectoryHandle): Promise<string[]> {
  const names: string[] = [];
  for await (const name of (directory as unknown as { keys(): AsyncIterable<string> }).keys())
    names.push(name);
  return names;
}

function isNotFound(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'NotFoundError';
}
