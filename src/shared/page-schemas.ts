/**
 * Schemas for what the background receives on a bridge port. A web page is untrusted: every request
 * is checked here before anything else looks at it. The shape is checked here; the contents of a
 * JobInit (URL schemes, names, headers, limits) are checked by the engine's job validation, whose
 * messages name the field the page got wrong.
 */
import * as v from 'valibot';
import { BACKGROUND_METHODS, type PageArgs, type PageMethod } from './page-protocol';
import { StagedBlobRefSchema } from './staged-blob';

const JobId = v.pipe(v.string(), v.minLength(1), v.maxLength(100));
/** A DownloadCollection id: a non-zero signed 32-bit integer. */
export const CollectionIdSchema = v.pipe(
  v.number(),
  v.integer(),
  v.minValue(-0x80000000),
  v.maxValue(0x7fffffff),
  v.check((n) => n !== 0, 'must not be 0'),
);
const ById = v.object({ id: JobId });
/** Objects and arrays whose contents the engine validates field by field. */
const Anything = v.unknown();

export const PAGE_ARG_SCHEMAS = {
  requestAccess: v.nullish(v.unknown()),
  createJob: v.object({ init: Anything }),
  checkJob: v.object({ init: Anything }),
  stageBlob: v.object({
    url: v.pipe(v.string(), v.startsWith('blob:'), v.maxLength(300)),
    staged: StagedBlobRefSchema.entries.staged,
    size: StagedBlobRefSchema.entries.size,
  }),
  getJobs: v.nullish(v.unknown()),
  getJob: ById,
  addFiles: v.object({ id: JobId, files: Anything }),
  resume: ById,
  suspend: ById,
  cancel: ById,
  complete: ById,
  setPriority: v.object({ id: JobId, priority: Anything }),
  setFileUrl: v.object({ id: JobId, fileIndex: Anything, url: Anything }),
  reply: ById,
  subscribe: v.object({ mirror: v.boolean() }),
  createCollection: v.object({ collectionId: CollectionIdSchema }),
  startDownload: v.object({
    collectionId: CollectionIdSchema,
    url: v.pipe(v.string(), v.maxLength(4096)),
    type: v.picklist(['background', 'real time']),
  }),
  removeItem: v.object({ collectionId: CollectionIdSchema, jobId: JobId }),
} satisfies Record<PageMethod, v.GenericSchema>;

export const PageRequestSchema = v.object({
  kind: v.literal('request'),
  id: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER)),
  method: v.picklist(BACKGROUND_METHODS),
  args: v.unknown(),
});
export type CheckedPageRequest<M extends PageMethod = PageMethod> = {
  id: number;
  method: M;
  args: PageArgs[M];
};

/** `files[2].url`, `init.displayName`, or `request` for the whole message. */
function fieldOf(issue: v.BaseIssue<unknown>): string {
  let path = '';
  for (const item of issue.path ?? []) {
    const key = (item as { key?: unknown }).key;
    if (typeof key === 'number') path += `[${key}]`;
    else path += path === '' ? String(key) : `.${String(key)}`;
  }
  return path === '' ? 'request' : path;
}

/** Reads the envelope: null when it is not a request at all (then there is nobody to answer). */
export function readPageRequest(message: unknown): { id: number; method: PageMethod; args: unknown } | null {
  const result = v.safeParse(PageRequestSchema, message);
  return result.success ? result.output : null;
}

/** Checks one method's arguments; throws TypeError naming the field. */
export function checkPageArgs<M extends PageMethod>(method: M, args: unknown): PageArgs[M] {
  const result = v.safeParse(PAGE_ARG_SCHEMAS[method] as v.GenericSchema, args);
  if (!result.success) {
    const issue = result.issues[0];
    throw new TypeError(`${fieldOf(issue)}: ${issue.message}`);
  }
  return result.output as PageArgs[M];
}
