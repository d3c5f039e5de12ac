/**
 * A page's createJob `init`, checked and rebuilt field by field for the engine. The engine's own
 * validation (job-validation.ts) checks the download fields; the upload fields are checked here:
 * `type`, and a file's `data`, which reaches the background only as the reference to a Blob the
 * bridge staged in OPFS (src/shared/staged-blob.ts) and is passed on to the engine untouched.
 */
import * as v from 'valibot';
import { validateJobInit, type ValidJobInit } from '../../engine/jobs/job-validation';
import type { FileSpec, JobInit, Settings } from '../../engine/types';
import { StagedBlobRefSchema, type StagedBlobRef } from '../../shared/staged-blob';

export const JOB_TYPES = ['download', 'upload', 'upload-reply'] as const;
export type JobType = (typeof JOB_TYPES)[number];

/** What the page API hands the engine: a JobInit, with the upload fields when there are any. */
export type PageJobInit = JobInit & {
  type?: Exclude<JobType, 'download'>;
  files: Array<FileSpec & { data?: StagedBlobRef }>;
};

export interface CheckedPageJob {
  init: PageJobInit;
  collectionId: number | null;
}

const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};

function jobType(value: unknown): JobType {
  if (value === undefined) return 'download';
  if (typeof value === 'string' && (JOB_TYPES as readonly string[]).includes(value)) return value as JobType;
  throw new TypeError(`type: must be one of ${JOB_TYPES.map((t) => `'${t}'`).join(', ')}`);
}

function stagedRef(value: unknown, field: string): StagedBlobRef {
  const result = v.safeParse(StagedBlobRefSchema, value);
  if (result.success) return result.output;
  const key = (result.issues[0].path?.[0] as { key?: unknown } | undefined)?.key;
  throw new TypeError(`${field}${key === undefined ? '' : `.${String(key)}`}: ${result.issues[0].message}`);
}

/** The upload fields: `type`, and each file's `data` (only uploads have one, exactly one file). */
function uploadData(init: Record<string, unknown>): { type: JobType; data: StagedBlobRef | null } {
  const type = jobType(init.type);
  const files = Array.isArray(init.files) ? init.files.map(record) : [];
  files.forEach((file, i) => {
    if (file.data !== undefined && (type === 'download' || i > 0))
      throw new TypeError(`files[${i}].data: only an upload's one file carries data`);
  });
  if (type === 'download') return { type, data: null };
  if (files.length !== 1) throw new TypeError('files: an upload has exactly one file, { url, data }');
  return { type, data: stagedRef(files[0]?.data, 'files[0].data') };
}

export function checkPageJobInit(
  origin: string,
  init: unknown,
  settings: Pick<Settings, 'userRetryDelay'>,
): CheckedPageJob {
  const valid: ValidJobInit = validateJobInit(origin, init, settings);
  const { type, data } = uploadData(record(init));
  const files: PageJobInit['files'] = valid.files.map((f) => ({
    url: f.url,
    ...(f.name === null ? {} : { name: f.name }),
    ...(f.sha256 === null ? {} : { sha256: f.sha256 }),
  }));
  if (data && files[0]) files[0].data = data;
  return {
    init: {
      ...(type === 'download' ? {} : { type }),
      displayName: valid.displayName,
      description: valid.description,
      priority: valid.priority,
      files,
      headers: valid.headers,
      minimumRetryDelay: valid.minimumRetryDelay,
      noProgressTimeout: valid.noProgressTimeout,
      autoComplete: valid.autoComplete,
    },
    collectionId: valid.wmp?.serviceId ?? null,
  };
}
