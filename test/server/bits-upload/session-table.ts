import { mkdir, mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { UploadedFile } from './types';
import { UploadSession } from './upload-session';

/**
 * The server's table of active sessions (MC-BUP 3.2.1.3.1) and the files committed by
 * Close-Session. Everything lives in one temporary directory: `sessions/` holds the partial
 * uploads, `files/` the committed ones, and `close()` removes it all.
 */
export class SessionTable {
  readonly live = new Map<string, UploadSession>();
  private readonly uploads = new Map<string, UploadedFile>();
  private readonly endings = new Set<Promise<void>>();
  private serial = 0;

  private constructor(private readonly dir: string) {}

  static async create(parent = tmpdir()): Promise<SessionTable> {
    const dir = await mkdtemp(join(parent, 'webbits-bits-upload-'));
    await mkdir(join(dir, 'sessions'));
    await mkdir(join(dir, 'files'));
    return new SessionTable(dir);
  }

  async open(path: string, contentName: string | null): Promise<UploadSession> {
    const file = join(this.dir, 'sessions', `${++this.serial}.part`);
    const session = await UploadSession.create(path, file, contentName);
    this.live.set(session.id, session);
    return session;
  }

  /** The session, if it is still in the table. */
  find(id: string | undefined): UploadSession | undefined {
    return id === undefined ? undefined : this.live.get(id.trim());
  }

  /** Cancel-Session, a lost or expired session, or a Close-Session before the last byte: nothing is kept. */
  async discard(session: UploadSession): Promise<void> {
    this.live.delete(session.id);
    await this.track(session.discard());
  }

  /** Forgets a session without waiting for its file to go (a fragment may still hold it). */
  expire(session: UploadSession): void {
    this.live.delete(session.id);
    session.live = false;
    this.track(session.discard()).catch(() => undefined);
  }

  /** Close-Session after every byte arrived: the upload becomes the file at its path. */
  async commit(session: UploadSession): Promise<UploadedFile> {
    this.live.delete(session.id);
    await this.track(session.finish());
    const file = join(this.dir, 'files', `${++this.serial}.bin`);
    await rename(session.tempFile, file);
    const previous = this.uploads.get(session.path);
    const uploaded: UploadedFile = { ...session.asUpload(), file, bytes: () => readFile(file) };
    this.uploads.set(session.path, uploaded);
    if (previous) await rm(previous.file, { force: true });
    return uploaded;
  }

  uploaded(path: string): UploadedFile | undefined {
    return this.uploads.get(path);
  }

  private track(ending: Promise<void>): Promise<void> {
    this.endings.add(ending);
    return ending.finally(() => this.endings.delete(ending));
  }

  /** After every connection is gone: waits for sessions still ending, then removes the directory. */
  async close(): Promise<void> {
    for (const session of this.live.values()) this.expire(session);
    await Promise.allSettled([...this.endings]);
    await rm(this.dir, { recursive: true, force: true });
  }
}
