/**
 * The shapes aria2's answers must have (aria2c(1), "RPC INTERFACE"), checked with valibot before any
 * value is used. aria2 sends every number as a decimal string ("Values are strings"; JSON-RPC "does
 * not support floating point numbers"), so counts are parsed here and must be safe integers.
 */
import * as v from 'valibot';

/** A byte count, speed or code: decimal digits only, at most Number.MAX_SAFE_INTEGER. */
export const DecimalCount = v.pipe(
  v.string(),
  v.regex(/^\d+$/, 'must be a decimal number in a string'),
  v.transform((text) => Number(text)),
  v.check((count: number) => Number.isSafeInteger(count), `must not exceed ${Number.MAX_SAFE_INTEGER}`),
);

/** "represented as a hex string of 16 characters (e.g., 2089b05ecca3d829)". */
export const GID_PATTERN = /^[0-9a-f]{16}$/;
export const GidSchema = v.pipe(v.string(), v.regex(GID_PATTERN, 'must be 16 hexadecimal digits'));

export const DOWNLOAD_STATUSES = ['active', 'waiting', 'paused', 'error', 'complete', 'removed'] as const;
export type Aria2DownloadStatus = (typeof DOWNLOAD_STATUSES)[number];

const UriSchema = v.object({ uri: v.string(), status: v.picklist(['used', 'waiting']) });

/** One element of `files` (the struct of aria2.getFiles). `path` is '' until aria2 knows the name. */
const FileSchema = v.object({
  index: DecimalCount,
  path: v.string(),
  length: DecimalCount,
  completedLength: DecimalCount,
  selected: v.pipe(
    v.picklist(['true', 'false']),
    v.transform((text) => text === 'true'),
  ),
  uris: v.array(UriSchema),
});

/**
 * aria2.tellStatus. `gid` and `status` are always asked for (aria2-client.ts), the rest only exists
 * when asked for or when it applies: `errorCode` "is only available for stopped/completed downloads".
 */
export const StatusSchema = v.object({
  gid: GidSchema,
  status: v.picklist(DOWNLOAD_STATUSES),
  totalLength: v.optional(DecimalCount),
  completedLength: v.optional(DecimalCount),
  downloadSpeed: v.optional(DecimalCount),
  connections: v.optional(DecimalCount),
  errorCode: v.optional(DecimalCount),
  errorMessage: v.optional(v.string()),
  dir: v.optional(v.string()),
  files: v.optional(v.array(FileSchema)),
});
export type Aria2Status = v.InferOutput<typeof StatusSchema>;
export type Aria2File = v.InferOutput<typeof FileSchema>;

export const VersionSchema = v.object({ version: v.string(), enabledFeatures: v.array(v.string()) });
export type Aria2Version = v.InferOutput<typeof VersionSchema>;

/** removeDownloadResult "returns OK for success". */
export const OkSchema = v.literal('OK');

const RpcId = v.union([v.string(), v.number(), v.null()]);
export const ResultEnvelope = v.object({ id: RpcId, result: v.unknown() });
export const ErrorEnvelope = v.object({
  id: RpcId,
  error: v.object({ code: v.pipe(v.number(), v.integer()), message: v.string() }),
});

export const NOTIFICATION_METHODS = [
  'aria2.onDownloadStart',
  'aria2.onDownloadPause',
  'aria2.onDownloadStop',
  'aria2.onDownloadComplete',
  'aria2.onDownloadError',
  'aria2.onBtDownloadComplete',
] as const;
export type Aria2NotificationMethod = (typeof NOTIFICATION_METHODS)[number];

/** A server-sent notification: "much like a normal method request but lacks the id key". */
export const NotificationSchema = v.object({
  method: v.picklist(NOTIFICATION_METHODS),
  params: v.tuple([v.object({ gid: GidSchema })]),
});
export interface Aria2Notification {
  method: Aria2NotificationMethod;
  gid: string;
}

/** `result.files[0].path: must be ...`: where the answer went wrong, for the error message. */
export function describeIssues(prefix: string, issues: readonly v.BaseIssue<unknown>[]): string {
  const issue = issues[0];
  if (issue === undefined) return prefix;
  const path = (issue.path ?? [])
    .map((item) => (typeof item.key === 'number' ? `[${item.key}]` : `.${String(item.key)}`))
    .join('');
  return `${prefix}${path}: ${issue.message}`;
}
