import { createHash, randomUUID, type Hash } from 'node:crypto';
import { open, readFile, rm, type FileHandle } from 'node:fs/promises';
import type { SessionInfo, SessionState, UploadedFile } from './types';

/** Writes one fragment's bytes; nothing counts until `commit()`. */
export interface FragmentWriter {
  /** The next body bytes of the fragment, in order. */
  write(chunk: Buffer): Promise<void>;
  /** The whole fragment arrived: its new bytes are now part of the upload. */
  commit(): void;
}

/**
 * One BITS session: the bytes received so far, appended to a temporary file as they arrive, and a
 * running sha256 of them. The pages let a client resend bytes the server has: "BITS writes only the
 * non-overlapping portion of the range" (Fragment), so a fragment starting before `received` has
 * its first bytes skipped. A fragment cut short leaves `received` (and the hash) as they were.
 */
export class UploadSession implements SessionInfo {
  /** The pages' example spells it `{A0FF5911-4144-45B3-BF27-27AFC8EC8A67}`. */
  readonly id = `{${randomUUID().toUpperCase()}}`;
  received = 0;
  total: number | null = null;
  contentName: string | null;
  /** Where the reply is served and what `BITS-Reply-URL` says, once an upload-reply has every byte. */
  replyPath: string | null = null;
  replyUrl: string | null = null;
  /** False once the session was closed, cancelled or expired. */
  live = true;
  /** New bytes a completed fragment added, for the server's counter. */
  onWritten: (bytes: number) => void = () => undefined;
  private hash: Hash = createHash('sha256');
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly path: string,
    readonly tempFile: string,
    private readonly file: FileHandle,
    contentName: string | null,
  ) {
    this.contentName = contentName;
  }

  static async create(path: string, tempFile: string, contentName: string | null): Promise<UploadSession> {
    return new UploadSession(path, tempFile, await open(tempFile, 'w+'), contentName);
  }

  get state(): SessionState {
    return this.total !== null && this.received === this.total ? 'uploaded' : 'receiving';
  }

  /**
   * Runs `work` after the session's earlier fragments: the protocol has one request outstanding,
   * but a client whose connection broke may start again before the server noticed.
   */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** A writer for a fragment starting at `start` (at most `received`). */
  fragmentWriter(start: number): FragmentWriter {
    let offset = start;
    let position = this.received;
    const hash = this.hash.copy();
    return {
      write: async (chunk) => {
        const fresh = chunk.subarray(Math.max(0, position - offset));
        offset += chunk.length;
        if (fresh.length === 0) return;
        await this.file.write(fresh, 0, fresh.length, position);
        hash.update(fresh);
        position += fresh.length;
      },
      commit: () => {
        this.onWritten(position - this.received);
        this.received = position;
        this.hash = hash;
      },
    };
  }

  sha256(): string {
    return this.hash.copy().digest('hex');
  }

  /** The upload as the server application sees it once every byte is there (still in the session's file). */
  asUpload(): UploadedFile {
    const file = this.tempFile;
    return {
      path: this.path,
      size: this.received,
      sha256: this.sha256(),
      contentName: this.contentName,
      sessionId: this.id,
      file,
      bytes: () => readFile(file),
    };
  }

  /** Ends the session; its file is closed once any fragment in progress has stopped. */
  async finish(): Promise<void> {
    this.live = false;
    await this.exclusive(() => this.file.close());
  }

  /** Ends the session and deletes what it received. */
  async discard(): Promise<void> {
    await this.finish();
    await rm(this.tempFile, { force: true });
  }
}
