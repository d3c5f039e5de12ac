/** Small pure pieces of the engine: settings bounds and turning a thrown value into a failure. */
import { BITS_HRESULTS } from '../bits-codes';
import type { FailureLike } from './failure-outcome';
import { fileLabel } from './job-completion';
import type { ValidFile, ValidJobInit } from './job-validation';
import type { ValidUpload } from './upload-validation';
import { freshUploadState } from '../upload/upload-state';
import type { FileRecord, JobRecord } from '../ports';
import type { Owner, Settings } from '../types';

const clamp = (value: number, min: number, max: number, fallback: number): number =>
  Number.isFinite(value) ? Math.min(max, Math.max(min, Math.round(value))) : fallback;

/** Settings within the bounds of ui.md (connections 1..16, background jobs 1..6, retry ≥ 5 s). */
export function normalizeSettings(settings: Settings): Settings {
  const limit = settings.backgroundBandwidthLimit;
  return {
    connectionsPerFile: clamp(settings.connectionsPerFile, 1, 16, 4),
    backgroundJobs: clamp(settings.backgroundJobs, 1, 6, 2),
    backgroundBandwidthLimit: limit === null || !Number.isFinite(limit) || limit <= 0 ? null : limit,
    downloadFolder: settings.downloadFolder,
    userRetryDelay: clamp(settings.userRetryDelay, 5, Number.MAX_SAFE_INTEGER, 60),
    pauseBackgroundOnMetered: settings.pauseBackgroundOnMetered === true,
    aria2Address: settings.aria2Address.trim(),
    aria2Secret: settings.aria2Secret,
  };
}

function isFailureLike(err: unknown): err is FailureLike {
  return (
    typeof err === 'object' &&
    err !== null &&
    'error' in err &&
    'transient' in err &&
    typeof (err as { transient: unknown }).transient === 'boolean'
  );
}

/**
 * A TransferFailure as it is; storage full as BG_E_DISK_FULL (resumable once space is freed);
 * anything else as an ERROR the person can retry.
 */
export function failureOf(
  err: unknown,
  job: Pick<JobRecord, 'id'> & { currentFile?: { index: number; name: string | null; url: string } },
): FailureLike {
  if (isFailureLike(err))
    return { error: err.error, transient: err.transient, retryAfterMs: err.retryAfterMs ?? null };
  const name = err instanceof Error || err instanceof DOMException ? err.name : '';
  const file = job.currentFile;
  const subject = file ? fileLabel(file) : 'The job';
  if (name === 'QuotaExceededError') {
    return {
      error: {
        code: 'BG_E_DISK_FULL',
        hresult: BITS_HRESULTS.BG_E_DISK_FULL,
        context: 'local-file',
        message: `${subject}: the browser's storage is full; free some space, then resume the job`,
        fileIndex: file?.index ?? null,
        httpStatus: null,
      },
      transient: false,
      retryAfterMs: null,
    };
  }
  const reason = err instanceof Error && err.message ? err.message : String(err);
  return {
    error: {
      code: 'E_FAIL',
      hresult: 0x80004005,
      context: 'unknown',
      message: `${subject} failed: ${reason}`,
      fileIndex: file?.index ?? null,
      httpStatus: null,
    },
    transient: false,
    retryAfterMs: null,
  };
}

export const bandwidthOf = (settings: Settings): number | null =>
  settings.backgroundBandwidthLimit === null ? null : settings.backgroundBandwidthLimit * 1024;

export function newFileRecord(
  jobId: string,
  index: number,
  spec: Pick<ValidFile, 'url' | 'name' | 'sha256'> & { mirrors?: string[] },
): FileRecord {
  return {
    jobId,
    index,
    url: spec.url,
    name: spec.name,
    sha256: spec.sha256,
    bytesTotal: null,
    completed: false,
    localPath: null,
    finalUrl: null,
    etag: null,
    lastModified: null,
    contentType: null,
    contentDisposition: null,
    resumable: null,
    mirrors: spec.mirrors ?? [],
  };
}

/** A new job record: SUSPENDED, in the WMP collection `serviceId` when it follows the convention. */
export function newJobRecord(
  fields: { id: string; owner: Owner; seq: number; now: number; collectionId: number | null },
  valid: ValidJobInit,
): JobRecord {
  const { id, owner, seq, now } = fields;
  const { upload } = valid;
  return {
    id,
    owner,
    type: valid.type,
    displayName: valid.displayName,
    description: valid.description,
    priority: valid.priority,
    state: 'SUSPENDED',
    error: null,
    minimumRetryDelay: valid.minimumRetryDelay,
    noProgressTimeout: valid.noProgressTimeout,
    autoComplete: valid.autoComplete,
    created: now,
    modified: now,
    transferCompleted: null,
    wmp: valid.wmp,
    collectionId: valid.wmp ? valid.wmp.serviceId : fields.collectionId,
    headers: valid.headers,
    referrer: valid.referrer,
    transferPolicy: valid.transferPolicy,
    aria2: null,
    fileCount: upload ? 1 : valid.files.length,
    seq,
    queuedAt: now,
    firstTransientErrorAt: null,
    retryAt: null,
    ...(upload ? { upload: freshUploadState(upload.data.size, upload.data.type) } : {}),
  };
}

/** The one file record of an upload job: its URL, and its size known from the start. */
export function newUploadFileRecord(jobId: string, upload: ValidUpload): FileRecord {
  return {
    ...newFileRecord(jobId, 0, { url: upload.url, name: null, sha256: null }),
    bytesTotal: upload.data.size,
  };
}

/** A ::WMP_JOB job is always completed by the extension, a ::WMP_STATUS job never; else autoComplete. */
export function completesItself(job: Pick<JobRecord, 'wmp' | 'autoComplete'>): boolean {
  return job.wmp ? job.wmp.kind === 'job' : job.autoComplete;
}
