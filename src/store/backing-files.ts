/**
 * One backing file per file of a job, its bytes written in place at their offsets
 * (platform-notes.md, "Storage"): the origin private file system in the engine host's worker
 * (src/engine-host/opfs-backing-files.ts), a Map in Node tests. Names come from backingFileName.
 */
export interface BackingFiles {
  /** Writes `parts` one after another from `offset`; the file grows as needed. Not yet durable. */
  write(name: string, offset: number, parts: readonly Uint8Array[]): Promise<void>;
  /** Makes every write to `name` so far durable. */
  flush(name: string): Promise<void>;
  /** The whole file, read from disk; null if there is none. Closes the open handle first. */
  read(name: string): Promise<Blob | null>;
  /** Removes the file (no error if it is absent). */
  remove(name: string): Promise<void>;
  /** Every backing file's name. */
  list(): Promise<string[]>;
  /** Closes whatever is open, so another context may take the files. */
  closeAll(): Promise<void>;
}

const NAME = /^(.+)-(\d+)\.part$/;

export function backingFileName(jobId: string, fileIndex: number): string {
  return `${jobId}-${fileIndex}.part`;
}

/** The job and file a backing file belongs to; null for a name WebBITS did not make. */
export function parseBackingFileName(name: string): { jobId: string; fileIndex: number } | null {
  const match = NAME.exec(name);
  return match ? { jobId: match[1] as string, fileIndex: Number(match[2]) } : null;
}
