/**
 * What a page's call does, once the session knows the origin (from the port's sender, never from
 * the message). Every argument is checked before consent is asked, so a malformed call fails at
 * once without a prompt; every engine call is scoped to the origin, so another origin's job id is
 * BG_E_NOT_FOUND exactly as if it did not exist.
 */
import { BitsError } from '../../engine/bits-codes';
import { bytesToBase64 } from '../../shared/base64-bytes';
import { stagedIdsIn } from '../../shared/staged-blob';
import {
  validateJobInit,
  validatePriority,
  validateUrl,
  validateFiles,
  type ValidFile,
} from '../../engine/jobs/job-validation';
import type { JobManager } from '../../engine/ports';
import { isFinal, type JobInfo, type JobInit } from '../../engine/types';
import type { MirrorCollection, PageArgs, PageMethod } from '../../shared/page-protocol';
import { checkPageArgs } from '../../shared/page-schemas';
import type { CollectionRegistry } from './collection-registry';
import type { ConsentGate } from './consent-gate';
import { displayNameFromUrl } from './display-name';
import type { StagedBlobStore } from './staged-blob-store';

export interface PageRequestDeps {
  engine: JobManager;
  consent: ConsentGate;
  collections: CollectionRegistry;
  /** A collection's membership changed: the origin's mirrors need the new list. */
  collectionsChanged(origin: string): void;
  /** Where a page's Blobs are staged for uploads. */
  staging: StagedBlobStore;
}

export interface MirrorSnapshot {
  collections: MirrorCollection[];
  jobs: JobInfo[];
}

/** Origins the page API serves: http(s) only. Anything else, opaque `null` included, is refused. */
export function isServedOrigin(origin: string | null): origin is string {
  return origin !== null && /^https?:\/\/[^/]+$/.test(origin);
}

function notAllowed(message: string): Error {
  const error = new Error(message);
  error.name = 'NotAllowedError';
  return error;
}

async function requireConsent(origin: string, consent: ConsentGate): Promise<void> {
  const outcome = await consent.ensure(origin);
  if (outcome === 'granted') return;
  throw notAllowed(
    outcome === 'denied'
      ? `${origin} is not allowed to add downloads to WebBITS`
      : `${origin} has no permission yet: the prompt was closed without an answer`,
  );
}

/** The mirror of one origin's collections, for the WMP objects. Empty until the origin is allowed. */
export async function mirrorSnapshot(origin: string | null, deps: PageRequestDeps): Promise<MirrorSnapshot> {
  if (!isServedOrigin(origin) || (await deps.consent.decision(origin)) !== 'allowed') {
    return { collections: [], jobs: [] };
  }
  const known = new Map(deps.engine.listJobs(origin).map((job) => [job.id, job]));
  await deps.collections.prune(origin, (id) => known.has(id));
  const collections = await deps.collections.list(origin);
  const jobs = collections.flatMap((c) => c.jobIds.flatMap((id) => known.get(id) ?? []));
  return { collections, jobs };
}

export async function handlePageRequest(
  origin: string | null,
  method: PageMethod,
  rawArgs: unknown,
  deps: PageRequestDeps,
): Promise<unknown> {
  if (method === 'subscribe') return mirrorSnapshot(origin, deps);
  if (!isServedOrigin(origin)) {
    throw notAllowed('this page has no origin of its own (sandboxed or opaque) and cannot use WebBITS');
  }
  const { engine, consent } = deps;

  if (method === 'requestAccess') {
    return (await consent.ensure(origin)) === 'granted' ? 'granted' : 'denied';
  }
  if (method === 'checkJob') {
    // The bridge asks before it writes a page's Blob to disk: the same checks and consent as
    // createJob, and nothing created.
    const { init } = checkPageArgs('checkJob', rawArgs);
    validateJobInit(origin, init, engine.getSettings());
    await requireConsent(origin, consent);
    return null;
  }
  if (method === 'stageBlob') {
    const { url, staged, size } = checkPageArgs('stageBlob', rawArgs);
    await requireConsent(origin, consent);
    const written = await deps.staging.stage(url, staged, size);
    if (written !== size) {
      await deps.staging.remove(staged);
      throw new Error(`files[0].data: ${written} bytes could be read of ${size}`);
    }
    return null;
  }
  if (method === 'createJob') {
    try {
      return await createPageJob(origin, rawArgs, deps);
    } catch (error) {
      // The background staged the bridge's Blobs (stageBlob above): for a refused call nobody
      // will claim them, so they go. A call the engine host refuses drops them there too.
      const { init } = (rawArgs ?? {}) as { init?: unknown };
      for (const id of stagedIdsIn(init)) await deps.staging.remove(id).catch(() => undefined);
      throw error;
    }
  }
  if (method === 'startDownload') {
    const args = checkPageArgs('startDownload', rawArgs);
    const url = validateUrl(args.url, 'sourceURL');
    await requireConsent(origin, consent);
    const job = await engine.createJob(
      origin,
      {
        displayName: displayNameFromUrl(url),
        priority: args.type === 'real time' ? 'foreground' : 'normal',
        files: [{ url }],
      },
      { collectionId: args.collectionId },
    );
    await joinCollection(origin, args.collectionId, job.id, deps);
    return engine.resume(origin, job.id);
  }
  if (method === 'createCollection') {
    const { collectionId } = checkPageArgs('createCollection', rawArgs);
    await requireConsent(origin, consent);
    await deps.collections.ensure(origin, collectionId);
    deps.collectionsChanged(origin);
    return null;
  }
  if (method === 'removeItem') {
    const { collectionId, jobId } = checkPageArgs('removeItem', rawArgs);
    await requireConsent(origin, consent);
    if (!(await deps.collections.holds(origin, collectionId, jobId))) {
      throw new BitsError('BG_E_NOT_FOUND', `collection ${collectionId} has no item with job id ${jobId}`);
    }
    await cancelIfUnfinished(engine, origin, jobId);
    await deps.collections.removeItem(origin, collectionId, jobId);
    deps.collectionsChanged(origin);
    return null;
  }
  if (method === 'reply') {
    const { id } = checkPageArgs('reply', rawArgs);
    await requireConsent(origin, consent);
    return { base64: bytesToBase64(await engine.reply(origin, id)) };
  }
  if (method === 'getJobs') {
    checkPageArgs('getJobs', rawArgs);
    await requireConsent(origin, consent);
    return engine.listJobs(origin);
  }
  return handleJobMethod(origin, method, rawArgs, deps);
}

async function createPageJob(origin: string, rawArgs: unknown, deps: PageRequestDeps): Promise<JobInfo> {
  const { engine, consent } = deps;
  const { init } = checkPageArgs('createJob', rawArgs);
  const valid = validateJobInit(origin, init, engine.getSettings());
  await requireConsent(origin, consent);
  const clean: JobInit = {
    displayName: valid.displayName,
    description: valid.description,
    priority: valid.priority,
    type: valid.type,
    // An upload's data is the reference to the Blob the page bridge staged (src/shared/staged-blob.ts).
    files: valid.upload ? [{ url: valid.upload.url, data: valid.upload.data }] : valid.files.map(cleanFile),
    transferPolicy: valid.transferPolicy,
    headers: valid.headers,
    minimumRetryDelay: valid.minimumRetryDelay,
    noProgressTimeout: valid.noProgressTimeout,
    autoComplete: valid.autoComplete,
  };
  const collectionId = valid.wmp?.serviceId ?? null;
  const job = await engine.createJob(origin, clean, { collectionId });
  if (collectionId !== null) await joinCollection(origin, collectionId, job.id, deps);
  return job;
}

async function handleJobMethod(
  origin: string,
  method: Exclude<
    PageMethod,
    | 'subscribe'
    | 'requestAccess'
    | 'checkJob'
    | 'stageBlob'
    | 'createJob'
    | 'startDownload'
    | 'createCollection'
    | 'removeItem'
    | 'getJobs'
    | 'reply'
  >,
  rawArgs: unknown,
  { engine, consent }: PageRequestDeps,
): Promise<JobInfo> {
  const args = checkPageArgs(method, rawArgs) as PageArgs['addFiles'] &
    PageArgs['setPriority'] &
    PageArgs['setFileUrl'];
  const files = method === 'addFiles' ? validateFiles(args.files) : [];
  const priority = method === 'setPriority' ? validatePriority(args.priority) : 'normal';
  if (method === 'setFileUrl') {
    // What can be checked without the job, before consent; the engine checks the index's range.
    if (typeof args.fileIndex !== 'number' || !Number.isInteger(args.fileIndex) || args.fileIndex < 0)
      throw new TypeError('fileIndex: must be a whole number, 0 or more');
    validateUrl(args.url, 'url');
  }
  await requireConsent(origin, consent);
  const id = args.id;
  switch (method) {
    case 'getJob':
      return engine.getJob(origin, id);
    case 'addFiles':
      return engine.addFiles(origin, id, files.map(cleanFile));
    case 'resume':
      return engine.resume(origin, id);
    case 'suspend':
      return engine.suspend(origin, id);
    case 'cancel':
      return engine.cancel(origin, id);
    case 'complete':
      return engine.complete(origin, id);
    case 'setPriority':
      return engine.setPriority(origin, id, priority);
    case 'setFileUrl':
      // The engine checks the index against the job and the URL like a new file's.
      return engine.setFileUrl(origin, id, args.fileIndex as number, args.url as string);
  }
}

/** A checked file as the engine takes it, with only the fields that were given. */
function cleanFile(f: ValidFile): JobInit['files'][number] {
  return {
    url: f.url,
    ...(f.name === null ? {} : { name: f.name }),
    ...(f.sha256 === null ? {} : { sha256: f.sha256 }),
    ...(f.mirrors.length === 0 ? {} : { mirrors: f.mirrors }),
  };
}

async function joinCollection(origin: string, collectionId: number, jobId: string, deps: PageRequestDeps) {
  await deps.collections.addItem(origin, collectionId, jobId);
  deps.collectionsChanged(origin);
}

async function cancelIfUnfinished(engine: JobManager, origin: string, jobId: string): Promise<void> {
  let job: JobInfo;
  try {
    job = engine.getJob(origin, jobId);
  } catch {
    return; // already forgotten by the engine: only the collection entry is left
  }
  if (!isFinal(job.state)) await engine.cancel(origin, jobId);
}
