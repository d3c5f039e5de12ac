/**
 * complete(): saves each finished file to disk through the FileSaver, a few at once, drops its
 * chunks (only once the browser reported the save complete and its path is recorded, while the
 * next save runs), and acknowledges the job once every drop is done. Files that did not finish are
 * dropped (BITS partial complete). A failed save leaves the chunks in place so that complete() can
 * be called again.
 */
import { BITS_HRESULTS } from '../bits-codes';
import type { FileRecord, FileSaver, JobRecord, JobStore } from '../ports';
import { runAtMost } from './run-at-most';
import { savePathFor, urlFileName } from '../naming/save-path';
import type { JobError, Settings } from '../types';

export interface CompletionDeps {
  store: JobStore;
  saver: FileSaver;
  /** Files handed to the saver at once: each save is a round trip through the browser. */
  savesAtOnce: number;
  settings(): Settings;
  /** Store writes, in the engine's order. */
  write(fn: () => Promise<void>): Promise<void>;
  /** Changes the job record (persisted and announced). */
  change(patch: Partial<JobRecord>): Promise<void>;
  /** A file's record changed (localPath): the engine caches and announces it. */
  filesChanged(files: FileRecord[]): void;
  /** A file's bytes were dropped. */
  dropped(fileIndex: number): void;
}

export async function completeJob(job: JobRecord, deps: CompletionDeps): Promise<void> {
  const wasTransferred = job.state === 'TRANSFERRED';
  const files = await deps.store.getFiles(job.id);
  const unsaved = files.filter((file) => file.completed && file.localPath === null);
  // A saved file's bytes are dropped while the next save runs, not before it starts.
  const drops: Array<{ file: FileRecord; dropped: Promise<void> }> = [];
  // Every file that can be saved is saved, a few at once; none starts once the job is cancelled.
  const failures = await runAtMost(
    unsaved,
    deps.savesAtOnce,
    async (file) => {
      file.localPath = await saveFile(job, file, deps);
      deps.filesChanged(files);
      // The path is recorded and the bytes dropped in one write, while the next save runs.
      const dropped = deps.write(() => deps.store.putFileAndDropData({ ...file }));
      dropped.catch(() => undefined); // awaited below, with the other drops
      drops.push({ file, dropped });
    },
    () => job.state !== 'CANCELLED',
  );
  for (const { file, dropped } of drops)
    await dropped.catch((error: unknown) => failures.push({ item: file, error }));
  failures.sort((a, b) => a.item.index - b.item.index);
  if (job.state === 'CANCELLED') return;
  const first = failures[0];
  if (first) {
    // The first failure in file order is reported. A transferred job stays TRANSFERRED so that
    // complete() ("Save now") can retry; a partial complete that failed is an ERROR, resumable
    // like any other.
    const error = localFileError(first.item, first.error);
    await deps.change({ state: wasTransferred ? 'TRANSFERRED' : 'ERROR', error, retryAt: null });
    return;
  }
  for (const file of files.filter((f) => !f.completed)) {
    await deps.write(() => deps.store.deleteFileData(job.id, file.index));
    deps.dropped(file.index);
  }
  await deps.change({ state: 'ACKNOWLEDGED', error: null, retryAt: null, firstTransientErrorAt: null });
}

/** Saves one file; the path it went to. Its chunks are dropped only after that, so none is lost. */
async function saveFile(job: JobRecord, file: FileRecord, deps: CompletionDeps): Promise<string> {
  const path = savePathFor({
    downloadFolder: deps.settings().downloadFolder,
    displayName: job.displayName,
    wmp: job.wmp,
    fileCount: job.fileCount,
    file,
  });
  const { localPath } = await deps.saver.save({
    jobId: job.id,
    fileIndex: file.index,
    path,
    bytesTotal: file.bytesTotal ?? 0,
    contentType: file.contentType,
  });
  return localPath;
}

export function fileLabel(file: Pick<FileRecord, 'name' | 'url'>): string {
  return file.name ?? urlFileName(file.url) ?? file.url;
}

function localFileError(file: FileRecord, err: unknown): JobError {
  const reason = err instanceof Error && err.message ? err.message : String(err);
  return {
    code: 'BG_E_LOCAL_FILE',
    hresult: BITS_HRESULTS.BG_E_LOCAL_FILE,
    context: 'local-file',
    message: `${fileLabel(file)} could not be saved to disk: ${reason}`,
    fileIndex: file.index,
    httpStatus: null,
  };
}
