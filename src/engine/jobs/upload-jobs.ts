/**
 * The job manager's upload-only steps (docs/uploads.md): a new upload job takes its staged data
 * over before it exists, and an upload-reply job's reply is read back (BITS GetReplyData).
 */
import { BitsError } from '../bits-codes';
import { newUploadFileRecord } from './engine-support';
import type { JobRecords } from './job-records';
import type { JobRecord, UploadStore } from '../ports';
import type { ValidUpload } from './upload-validation';

/** The staged data becomes the job's own copy before the job exists, and goes if the job cannot. */
export async function insertUploadJob(
  records: JobRecords,
  uploads: UploadStore | undefined,
  job: JobRecord,
  upload: ValidUpload,
): Promise<void> {
  if (!uploads) throw new TypeError('type: uploads cannot be stored here');
  await uploads.adopt(job.id, upload.data, 'files[0].data');
  try {
    await records.insert(job, [newUploadFileRecord(job.id, upload)]);
  } catch (err) {
    await uploads.deleteAll(job.id).catch(() => undefined);
    throw err;
  }
}

/** E_NOTIMPL for downloads and plain uploads; BG_E_INVALID_STATE until the reply is in. */
export async function replyOf(job: JobRecord, uploads: UploadStore | undefined): Promise<Uint8Array> {
  if (job.type !== 'upload-reply') {
    const kind = job.type === 'upload' ? 'an upload' : 'a download';
    throw new BitsError('E_NOTIMPL', `reply: only upload-reply jobs have a reply; this job is ${kind}`);
  }
  const stored = job.upload?.replyBytes ?? null;
  const reply = stored === null ? null : await uploads?.getReply(job.id);
  if (!reply) throw new BitsError('BG_E_INVALID_STATE', `reply: the job is ${job.state} and holds no reply`);
  return reply;
}
