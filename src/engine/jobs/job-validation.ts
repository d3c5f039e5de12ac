/**
 * Checks what an untrusted caller (a web page, through the page bridge) asks for, and fills in the
 * defaults. Every message starts with the field it is about, as pages see it (page-api.md).
 * Pure: the engine decides with the result, nothing here touches storage.
 */
import { BitsError } from '../bits-codes';
import {
  PRIORITIES,
  TRANSFER_POLICIES,
  USER_OWNER,
  isUploadType,
  type JobType,
  type Owner,
  type Priority,
  type Settings,
  type TransferPolicy,
  type WmpInfo,
} from '../types';
import { validateJobType, validateUploadFiles, type ValidUpload } from './upload-validation';
import { parseWmpDescription } from '../naming/wmp-convention';

/** The Limits table of job-model.md. */
export const LIMITS = {
  nonFinalJobsPerOwner: 1000,
  filesPerJob: 200,
  displayNameChars: 256,
  descriptionChars: 1024,
  urlChars: 2200,
  headerBytes: 16 * 1024,
  fileNameChars: 255,
  minimumRetryDelay: 5,
  mirrorsPerFile: 8,
} as const;

export const DEFAULT_MINIMUM_RETRY_DELAY = 600;
export const DEFAULT_NO_PROGRESS_TIMEOUT = 1_209_600;

export interface ValidFile {
  url: string;
  name: string | null;
  sha256: string | null;
  mirrors: string[];
}

export interface ValidJobInit {
  type: JobType;
  /** Upload jobs: their one file. Their `files` is empty. */
  upload: ValidUpload | null;
  displayName: string;
  description: string;
  priority: Priority;
  files: ValidFile[];
  headers: Record<string, string>;
  minimumRetryDelay: number;
  noProgressTimeout: number;
  autoComplete: boolean;
  wmp: WmpInfo | null;
  referrer: string | null;
  transferPolicy: TransferPolicy;
}

/**
 * The Fetch standard's forbidden request headers, plus the ones the transfer sets itself
 * (ranges and validators): a page header there would break resuming. Credentials too
 * (`Authorization`, `Cookie`): only the browser decides what a job may carry (request-credentials.ts).
 */
const FORBIDDEN_HEADERS = new Set([
  'accept-charset',
  'accept-encoding',
  'access-control-request-headers',
  'access-control-request-method',
  'access-control-request-private-network',
  'connection',
  'content-length',
  'authorization',
  'cookie',
  'cookie2',
  'date',
  'dnt',
  'expect',
  'host',
  'keep-alive',
  'origin',
  'referer',
  'set-cookie',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'via',
  'x-http-method',
  'x-http-method-override',
  'x-method-override',
  'range',
  'content-range',
  'content-name',
  'if-range',
  'if-match',
  'if-none-match',
  'if-modified-since',
  'if-unmodified-since',
]);
// bits-: the upload protocol's own headers (BITS-Session-Id, BITS-Packet-Type, ...).
const FORBIDDEN_HEADER_PREFIXES = ['proxy-', 'sec-', 'bits-'];
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const BAD_HEADER_VALUE = /[\r\n\0]/;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;
const SHA256_HEX = /^[0-9a-fA-F]{64}$/;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function requireString(value: unknown, field: string): string {
  if (typeof value !== 'string') throw new TypeError(`${field}: must be a string`);
  return value;
}

export function validateUrl(value: unknown, field: string, verb = 'downloaded'): string {
  const text = requireString(value, field);
  if (text.length > LIMITS.urlChars) {
    throw new TypeError(`${field}: the URL is longer than ${LIMITS.urlChars} characters`);
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new TypeError(`${field}: not a valid absolute URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`${field}: only http and https URLs can be ${verb}`);
  }
  return url.href;
}

function validateFileName(value: unknown, field: string): string | null {
  if (value === undefined || value === null) return null;
  const name = requireString(value, field);
  if (name.length === 0) throw new TypeError(`${field}: must not be empty`);
  if (name.length > LIMITS.fileNameChars) {
    throw new TypeError(`${field}: longer than ${LIMITS.fileNameChars} characters`);
  }
  if (/[/\\]/.test(name)) throw new TypeError(`${field}: must be a plain file name, without / or \\`);
  if (name === '.' || name === '..') throw new TypeError(`${field}: must be a plain file name`);
  if (CONTROL_CHARS.test(name)) throw new TypeError(`${field}: contains control characters`);
  return name;
}

function validateSha256(value: unknown, field: string): string | null {
  if (value === undefined || value === null) return null;
  const hex = requireString(value, field);
  if (!SHA256_HEX.test(hex)) throw new TypeError(`${field}: must be 64 hexadecimal digits`);
  return hex.toLowerCase();
}

/**
 * Validates a list of files to add to a job that already has `existingCount` files.
 * Fields are named after the caller's array (`files[2].url`).
 */
export function validateFiles(value: unknown, existingCount = 0): ValidFile[] {
  if (!Array.isArray(value)) throw new TypeError('files: must be an array');
  if (existingCount + value.length > LIMITS.filesPerJob) {
    throw new BitsError(
      'BG_E_TOO_MANY_FILES_IN_JOB',
      `files: a job holds at most ${LIMITS.filesPerJob} files (${existingCount + value.length} asked)`,
    );
  }
  return value.map((item: unknown, i) => {
    const field = `files[${i}]`;
    if (!isRecord(item)) throw new TypeError(`${field}: must be an object with a url`);
    if (item.data !== undefined) {
      throw new TypeError(`${field}.data: only upload jobs take data (type 'upload' or 'upload-reply')`);
    }
    return {
      url: validateUrl(item.url, `${field}.url`),
      name: validateFileName(item.name, `${field}.name`),
      sha256: validateSha256(item.sha256, `${field}.sha256`),
      mirrors: validateMirrors(item.mirrors, `${field}.mirrors`),
    };
  });
}

/** (+) Other URLs of the same bytes: at most 8, each a URL a file could have. */
export function validateMirrors(value: unknown, field: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new TypeError(`${field}: must be an array of URLs`);
  if (value.length > LIMITS.mirrorsPerFile) {
    throw new TypeError(
      `${field}: at most ${LIMITS.mirrorsPerFile} mirrors per file (${value.length} given)`,
    );
  }
  return value.map((url: unknown, i) => validateUrl(url, `${field}[${i}]`));
}

export function validateTransferPolicy(value: unknown): TransferPolicy {
  if (value === undefined || value === null) return 'always';
  if (!TRANSFER_POLICIES.includes(value as TransferPolicy)) {
    throw new TypeError(`transferPolicy: must be one of ${TRANSFER_POLICIES.join(', ')}`);
  }
  return value as TransferPolicy;
}

/** (+) setFileUrl's arguments: an index of one of the job's files, and a URL a file could have. */
export function validateFileUrlChange(
  fileIndex: unknown,
  url: unknown,
  fileCount: number,
): { fileIndex: number; url: string } {
  if (typeof fileIndex !== 'number' || !Number.isInteger(fileIndex)) {
    throw new TypeError('fileIndex: must be a whole number');
  }
  if (fileIndex < 0 || fileIndex >= fileCount) {
    throw new TypeError(`fileIndex: the job has no file ${fileIndex} (it has ${fileCount})`);
  }
  return { fileIndex, url: validateUrl(url, 'url') };
}

export function validateHeaders(value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) throw new TypeError('headers: must be an object of name: value strings');
  const headers: Record<string, string> = {};
  let bytes = 0;
  for (const [name, raw] of Object.entries(value)) {
    const field = `headers.${name}`;
    if (!HEADER_NAME.test(name)) throw new TypeError(`${field}: not a valid header name`);
    const lower = name.toLowerCase();
    if (FORBIDDEN_HEADERS.has(lower) || FORBIDDEN_HEADER_PREFIXES.some((p) => lower.startsWith(p))) {
      throw new TypeError(`${field}: this header cannot be set by a page`);
    }
    const text = requireString(raw, field);
    if (BAD_HEADER_VALUE.test(text)) throw new TypeError(`${field}: the value contains a line break`);
    bytes += name.length + text.length + 4; // "name: value\r\n"
    headers[name] = text;
  }
  if (bytes > LIMITS.headerBytes) {
    throw new TypeError(`headers: ${bytes} bytes in all, more than ${LIMITS.headerBytes}`);
  }
  return headers;
}

function validateSeconds(value: unknown, field: string, min: number, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new TypeError(`${field}: must be a number`);
  if (value < min) throw new TypeError(`${field}: must be at least ${min} seconds`);
  return value;
}

export function validatePriority(value: unknown, field = 'priority'): Priority {
  if (value === undefined || value === null) return 'normal';
  if (!PRIORITIES.includes(value as Priority)) {
    throw new TypeError(`${field}: must be one of ${PRIORITIES.join(', ')}`);
  }
  return value as Priority;
}

function validateDisplayName(value: unknown): string {
  const name = requireString(value, 'displayName');
  if (name.length === 0) throw new TypeError('displayName: must not be empty');
  if (name.length > LIMITS.displayNameChars) {
    throw new BitsError(
      'BG_E_STRING_TOO_LONG',
      `displayName: longer than ${LIMITS.displayNameChars} characters`,
    );
  }
  return name;
}

function validateDescription(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = requireString(value, 'description');
  if (text.length > LIMITS.descriptionChars) {
    throw new BitsError(
      'BG_E_STRING_TOO_LONG',
      `description: longer than ${LIMITS.descriptionChars} characters`,
    );
  }
  return text;
}

/** A convention job (wmp-convention.md Rules) holds exactly one file. */
export function checkWmpFileCount(wmp: WmpInfo | null, fileCount: number): void {
  if (wmp && fileCount > 1) {
    throw new TypeError(`files: a ::WMP_${wmp.kind.toUpperCase()} job holds one file (${fileCount} given)`);
  }
}

/** Throws BG_E_TOO_MANY_JOBS_PER_USER when the owner already has the most jobs that are not final. */
export function checkJobQuota(owner: Owner, nonFinalJobs: number): void {
  if (nonFinalJobs >= LIMITS.nonFinalJobsPerOwner) {
    throw new BitsError(
      'BG_E_TOO_MANY_JOBS_PER_USER',
      `${owner} already has ${nonFinalJobs} unfinished jobs; finish or cancel some first`,
    );
  }
}

/** A "user" job's Referer: an http(s) URL. A page cannot choose one (it would be a forged Referer). */
export function validateReferrer(owner: Owner, value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (owner !== USER_OWNER) throw new TypeError('referrer: this field cannot be set by a page');
  return validateUrl(value, 'referrer');
}

export function validateJobInit(
  owner: Owner,
  init: unknown,
  settings: Pick<Settings, 'userRetryDelay'>,
): ValidJobInit {
  // '*' is the scope that sees every job: no job may be owned by it.
  if (typeof owner !== 'string' || owner === '' || owner === '*')
    throw new TypeError('owner: not a valid owner');
  if (!isRecord(init)) throw new TypeError('init: must be an object');
  const displayName = validateDisplayName(init.displayName);
  const description = validateDescription(init.description);
  const type = validateJobType(init.type);
  const upload = isUploadType(type) ? validateUploadFiles(init.files) : null;
  // An upload is no media-library item: the WMP convention applies to downloads only.
  const wmp = upload ? null : parseWmpDescription(description);
  const files = upload ? [] : validateFiles(init.files);
  checkWmpFileCount(wmp, files.length);
  if (init.autoComplete !== undefined && typeof init.autoComplete !== 'boolean') {
    throw new TypeError('autoComplete: must be true or false');
  }
  const defaultRetryDelay = owner === USER_OWNER ? settings.userRetryDelay : DEFAULT_MINIMUM_RETRY_DELAY;
  return {
    type,
    upload,
    displayName,
    description,
    priority: validatePriority(init.priority),
    files,
    headers: validateHeaders(init.headers),
    minimumRetryDelay: validateSeconds(
      init.minimumRetryDelay,
      'minimumRetryDelay',
      LIMITS.minimumRetryDelay,
      defaultRetryDelay,
    ),
    noProgressTimeout: validateSeconds(
      init.noProgressTimeout,
      'noProgressTimeout',
      0,
      DEFAULT_NO_PROGRESS_TIMEOUT,
    ),
    autoComplete: init.autoComplete ?? true,
    wmp,
    referrer: validateReferrer(owner, init.referrer),
    transferPolicy: validateTransferPolicy(init.transferPolicy),
  };
}
