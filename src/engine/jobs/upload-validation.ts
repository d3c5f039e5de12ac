/**
 * What an upload job may be made of (job-model.md "Uploads" and "Limits", page-api.md `files:
 * [{ url, data }]`): exactly one file, an http(s) URL, data that is a staged Blob of at most 4 GiB.
 * Pure; every message names the field, as pages see it.
 */
import { BitsError } from '../bits-codes';
import { JOB_TYPES, type JobType, type UploadDataRef } from '../types';
import { validateUrl } from './job-validation';

/** job-model.md "Limits": upload data per file. */
export const MAX_UPLOAD_BYTES = 4 * 1024 ** 3;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ValidUpload {
  url: string;
  data: UploadDataRef;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export function validateJobType(value: unknown): JobType {
  if (value === undefined || value === null) return 'download';
  if (!JOB_TYPES.includes(value as JobType))
    throw new TypeError(`type: must be one of ${JOB_TYPES.join(', ')}`);
  return value as JobType;
}

export function validateUploadFiles(value: unknown): ValidUpload {
  if (!Array.isArray(value)) throw new TypeError('files: must be an array');
  if (value.length !== 1) {
    throw new TypeError(`files: an upload job has exactly one file (${value.length} given)`);
  }
  const item: unknown = value[0];
  if (!isRecord(item)) throw new TypeError('files[0]: must be an object with a url and data');
  return {
    url: validateUrl(item.url, 'files[0].url', 'uploaded'),
    data: validateUploadData(item.data, 'files[0].data'),
  };
}

function validateUploadData(value: unknown, field: string): UploadDataRef {
  const notBlob = () => new TypeError(`${field}: must be a Blob or a File`);
  if (!isRecord(value)) throw notBlob();
  const { staged, size, type } = value;
  if (typeof staged !== 'string' || !UUID.test(staged)) throw notBlob();
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) throw notBlob();
  if (typeof type !== 'string' || type.length > 256) throw notBlob();
  if (size > MAX_UPLOAD_BYTES) {
    throw new BitsError('BG_E_TOO_LARGE', `${field}: ${size} bytes, more than the 4 GiB an upload may hold`);
  }
  // Content-Range cannot describe zero bytes: the protocol has no way to send an empty file.
  if (size === 0) throw new TypeError(`${field}: an empty Blob cannot be uploaded`);
  return { staged, size, type };
}
