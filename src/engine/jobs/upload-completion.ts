/**
 * How an upload job ends (job-model.md "Uploads"): complete() sends Close-Session for an upload
 * (an upload-reply closed its session before it became TRANSFERRED) and then drops the stored copy
 * of the data; cancel() drops it too and tells the server with Cancel-Session.
 */
import { BitsError } from '../bits-codes';
import type { JobRecords } from './job-records';
import type { JobRecord, UploadStore } from '../ports';
import { endSession } from '../upload/session-end';
import type { PacketEnv } from '../upload/packet-exchange';
import { freshUploadState } from '../upload/upload-state';

export interface UploadEndDeps {
  env: PacketEnv;
  records: JobRecords;
  uploads: UploadStore | undefined;
  now(): number;
}

/** complete() of an upload job: ACKNOWLEDGED, or TRANSFERRED with the error, or QUEUED to start over. */
export async function completeUpload(job: JobRecord, deps: UploadEndDeps): Promise<void> {
  const { records } = deps;
  if (job.state !== 'TRANSFERRED') {
    // BITS: an upload cannot be partly complete; the server keeps nothing of a partial upload.
    throw new BitsError(
      'BG_E_INVALID_STATE',
      `complete: an upload completes once every byte is on the server (the job is ${job.state}); cancel() gives it up`,
    );
  }
  const state = job.upload ? { ...job.upload } : null;
  const file = records.filesOf(job.id)[0];
  if (state && file && state.sessionId !== null && !state.closed) {
    const label = { url: file.url, name: file.name, index: file.index };
    const end = await endSession(
      deps.env,
      job,
      { url: file.url, label, state },
      'Close-Session',
      new AbortController().signal,
    );
    if (end.outcome === 'lost') {
      // The server dropped the session before it committed the upload: it is sent again, from 0.
      const again = { ...file, completed: false };
      await records.write(() => records.store.putFile(again));
      records.setFiles(job.id, [again]);
      records.setBytes(job.id, 0, 0);
      const patch = { upload: freshUploadState(state.size, state.contentType), transferCompleted: null };
      await records.change(job, { ...patch, state: 'QUEUED', error: null, queuedAt: deps.now() });
      return;
    }
    // It stays TRANSFERRED with the reason, so that complete() can try again.
    if (end.outcome === 'failed') return records.change(job, { error: end.error });
    state.closed = true;
  }
  await deps.uploads?.deleteData(job.id);
  await records.change(job, {
    state: 'ACKNOWLEDGED',
    upload: state,
    error: null,
    retryAt: null,
    firstTransientErrorAt: null,
  });
}

/**
 * After cancel() stopped the transfer: the stored data (and any reply) is dropped, and the server
 * is told with Cancel-Session, which nobody waits for: the job is CANCELLED whatever it answers.
 */
export async function cancelUpload(job: JobRecord, deps: UploadEndDeps): Promise<void> {
  const state = job.upload ? { ...job.upload } : null;
  const file = deps.records.filesOf(job.id)[0];
  await deps.uploads?.deleteAll(job.id);
  deps.records.setBytes(job.id, 0, 0);
  if (!state || !file || state.sessionId === null || state.closed) return;
  const label = { url: file.url, name: file.name, index: file.index };
  void endSession(
    deps.env,
    job,
    { url: file.url, label, state },
    'Cancel-Session',
    new AbortController().signal,
  )
    .then(() => deps.records.update(job, { upload: { ...state, sessionId: null } }))
    .catch(() => undefined);
}
