/**
 * What pages, the popup and tests see of a job (JobInfo, job-model.md), derived from the stored
 * records plus the bytes received so far. Pure.
 */
import type { FileRecord, JobRecord, SegmentRecord } from '../ports';
import type { FileInfo, JobInfo, JobProgress } from '../types';

/** Bytes of one file already stored, from its segments (each holds [start, pos)). */
export function storedBytes(segments: readonly SegmentRecord[]): number {
  return segments.reduce((sum, s) => sum + Math.max(0, s.pos - s.start), 0);
}

export function toFileInfo(file: FileRecord, bytesTransferred: number): FileInfo {
  return {
    url: file.url,
    name: file.name,
    localPath: file.localPath,
    bytesTotal: file.bytesTotal,
    // A completed file counts whole even after its chunks were deleted (saved to disk).
    bytesTransferred: file.completed && file.bytesTotal !== null ? file.bytesTotal : bytesTransferred,
    completed: file.completed,
    mirrors: [...(file.mirrors ?? [])],
    ...(file.notices && file.notices.length > 0 ? { notices: [...file.notices] } : {}),
  };
}

export function summarize(files: readonly FileInfo[]): JobProgress {
  const sizesKnown = files.every((f) => f.bytesTotal !== null);
  return {
    bytesTotal: sizesKnown ? files.reduce((sum, f) => sum + (f.bytesTotal ?? 0), 0) : null,
    bytesTransferred: files.reduce((sum, f) => sum + f.bytesTransferred, 0),
    filesTotal: files.length,
    filesTransferred: files.filter((f) => f.completed).length,
  };
}

/**
 * @param files the job's files in index order
 * @param bytesByFile bytes received per file index (stored or in flight); missing = 0
 */
export function toJobInfo(
  job: JobRecord,
  files: readonly FileRecord[],
  bytesByFile: readonly number[] = [],
): JobInfo {
  const fileInfos = files.map((f) => toFileInfo(f, bytesByFile[f.index] ?? 0));
  return {
    id: job.id,
    owner: job.owner,
    type: job.type,
    displayName: job.displayName,
    description: job.description,
    priority: job.priority,
    state: job.state,
    progress: summarize(fileInfos),
    files: fileInfos,
    transferPolicy: job.transferPolicy ?? 'always',
    error: job.error ? { ...job.error } : null,
    minimumRetryDelay: job.minimumRetryDelay,
    noProgressTimeout: job.noProgressTimeout,
    autoComplete: job.autoComplete,
    times: { created: job.created, modified: job.modified, transferCompleted: job.transferCompleted },
    wmp: job.wmp ? { ...job.wmp } : null,
    collectionId: job.collectionId,
    ...(job.referrer ? { referrer: job.referrer } : {}),
    ...(job.aria2 ? { aria2: { ...job.aria2 } } : {}),
  };
}
