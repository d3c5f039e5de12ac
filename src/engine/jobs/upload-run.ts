/**
 * A run of an upload job (job-model.md "Uploads"): its stored data to the server through
 * transferUpload, with the session kept in the job's record and the acknowledged bytes as its
 * progress. When it resolves, every byte is on the server (and an upload-reply's reply is stored).
 */
import type { JobRecords } from './job-records';
import type { FileRecord, JobRecord, JobStore, UploadStore } from '../ports';
import type { TransferEnv } from '../transfer/transfer-types';
import { freshUploadState } from '../upload/upload-state';
import { transferUpload } from '../upload/upload-transfer';

export interface UploadRunDeps {
  records: JobRecords;
  store: JobStore;
  uploads: UploadStore | undefined;
  env: TransferEnv;
}

export interface UploadRunControl {
  signal: AbortSignal;
  /** The run is winding down: what it reports no longer changes the job's state. */
  stopping(): boolean;
  /** The file being uploaded, for a failure's message. */
  onFile(file: FileRecord): void;
}

export async function runUpload(
  deps: UploadRunDeps,
  job: JobRecord,
  control: UploadRunControl,
): Promise<void> {
  const { records, store, uploads } = deps;
  const files = await store.getFiles(job.id);
  records.setFiles(job.id, files);
  const file = files[0];
  if (!file) throw new Error('The upload job has no file.');
  control.onFile(file);
  if (file.completed) return;
  if (!uploads) throw new Error('This WebBITS has no storage for uploads.');
  const source = await uploads.open(job.id);
  const state = structuredClone(job.upload ?? freshUploadState(source.size, ''));
  try {
    await transferUpload(deps.env, {
      job,
      url: file.url,
      label: { url: file.url, name: file.name, index: file.index },
      state,
      source,
      signal: control.signal,
      save: () => records.update(job, { upload: structuredClone(state) }),
      onProgress(acknowledged) {
        if (control.stopping()) return;
        // Bytes moved: the no-progress window closes (persisted with the next change).
        if (acknowledged > records.bytesOf(job.id, 0)) job.firstTransientErrorAt = null;
        records.setBytes(job.id, 0, acknowledged);
        records.emit(job.id, 'progress');
      },
      onTransferring() {
        if (!control.stopping() && job.state === 'CONNECTING')
          void records.transition(job, 'first-byte')?.catch(() => undefined);
      },
      storeReply: (reply) => uploads.putReply(job.id, reply),
    });
  } finally {
    await source.close();
  }
  const done: FileRecord = { ...file, bytesTotal: state.size, completed: true };
  await records.write(() => store.putFile(done));
  records.replaceFile(done);
}
