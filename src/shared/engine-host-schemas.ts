/**
 * Schemas for the engine host boundary (engine-host-api.ts), checked where each message arrives:
 * calls in the host, events, results and save requests in the background. The engine validates a
 * JobInit or FileSpec itself (with errors naming the field), so calls check only their envelope.
 */
import * as v from 'valibot';
import { JOB_STATES, PRIORITIES } from '../engine/types';
import { EngineSettingsPatchSchema } from './background-schemas';
import { StagedBlobRefSchema } from './staged-blob';
import {
  HOST_CALL_KIND,
  HOST_EVENT_KIND,
  HOST_SAVE_KIND,
  type EngineHostApi,
  type HostCallResult,
  type HostEvent,
  type HostMethod,
  type SaveRequestMessage,
} from './engine-host-api';

const Id = v.pipe(v.string(), v.minLength(1), v.maxLength(100));
const Scope = v.pipe(v.string(), v.minLength(1), v.maxLength(2200));
const Scoped = { scope: Scope, id: Id };
/** Engine settings only: the background strips its own (extension-settings.ts `engineSettings`). */
const Settings = v.required(EngineSettingsPatchSchema);
const None = v.optional(v.undefined());

const INPUTS = {
  init: v.strictObject({ settings: Settings }),
  createJob: v.strictObject({
    owner: Scope,
    init: v.unknown(),
    collectionId: v.nullable(v.pipe(v.number(), v.integer())),
  }),
  addFiles: v.strictObject({ ...Scoped, files: v.unknown() }),
  resume: v.strictObject(Scoped),
  suspend: v.strictObject(Scoped),
  cancel: v.strictObject(Scoped),
  complete: v.strictObject(Scoped),
  setPriority: v.strictObject({ ...Scoped, priority: v.picklist(PRIORITIES) }),
  setFileUrl: v.strictObject({ ...Scoped, fileIndex: v.unknown(), url: v.unknown() }),
  reply: v.strictObject(Scoped),
  removeJob: v.strictObject(Scoped),
  clearFinished: v.strictObject({ scope: Scope }),
  updateSettings: v.strictObject({ settings: Settings }),
  handOff: v.strictObject({
    ...Scoped,
    cookies: v.pipe(v.array(v.nullable(v.pipe(v.string(), v.maxLength(65_536)))), v.maxLength(1)),
  }),
  setSiteAccess: v.strictObject({
    blocked: v.pipe(v.array(v.pipe(v.string(), v.maxLength(2200))), v.maxLength(10_000)),
  }),
  stageBlob: v.strictObject({
    url: v.pipe(v.string(), v.startsWith('blob:'), v.maxLength(300)),
    staged: StagedBlobRefSchema.entries.staged,
    size: StagedBlobRefSchema.entries.size,
  }),
  listBackingFiles: None,
  flushThread: None,
  setWriteQuota: v.strictObject({ bytes: v.nullable(v.pipe(v.number(), v.minValue(0))) }),
  setMetered: v.strictObject({ metered: v.nullable(v.boolean()) }),
} satisfies Record<HostMethod, v.GenericSchema>;

export const HOST_METHODS = Object.keys(INPUTS) as HostMethod[];

export type HostCall = {
  [M in HostMethod]: { kind: typeof HOST_CALL_KIND; method: M; input: Parameters<EngineHostApi[M]>[0] };
}[HostMethod];

const CallEnvelope = v.object({
  kind: v.literal(HOST_CALL_KIND),
  method: v.picklist(HOST_METHODS),
  // Runtime messages are JSON: a call without input (listBackingFiles) arrives without the key.
  input: v.optional(v.unknown()),
});

/** A call as the host receives it, or the reason it is refused. */
export function parseHostCall(
  message: unknown,
): { ok: true; call: HostCall } | { ok: false; message: string } {
  const envelope = v.safeParse(CallEnvelope, message);
  if (!envelope.success) return { ok: false, message: 'not an engine host call' };
  const { method, input } = envelope.output;
  const parsed = v.safeParse(INPUTS[method], input);
  if (!parsed.success) return { ok: false, message: `${method}: ${v.summarize(parsed.issues)}` };
  return { ok: true, call: { kind: HOST_CALL_KIND, method, input: parsed.output } as HostCall };
}

export function isHostCallEnvelope(message: unknown): boolean {
  return (
    typeof message === 'object' && message !== null && (message as { kind?: unknown }).kind === HOST_CALL_KIND
  );
}

/** Enough of a JobInfo to route and show it; the host made it, but a bug there stops here. */
const JobInfoSchema = v.looseObject({
  id: Id,
  owner: Scope,
  type: v.picklist(['download', 'upload', 'upload-reply']),
  state: v.picklist(JOB_STATES),
  displayName: v.string(),
  priority: v.picklist(PRIORITIES),
  progress: v.looseObject({
    bytesTotal: v.nullable(v.number()),
    bytesTransferred: v.number(),
    filesTotal: v.number(),
    filesTransferred: v.number(),
  }),
  files: v.array(v.looseObject({ url: v.string(), completed: v.boolean() })),
});

const HostEventSchema = v.variant('type', [
  v.object({
    type: v.literal('job'),
    kind: v.picklist(['created', 'state', 'progress', 'removed']),
    job: JobInfoSchema,
  }),
  v.object({ type: v.literal('active'), active: v.boolean() }),
  v.object({ type: v.literal('wake-at'), at: v.nullable(v.number()) }),
  v.object({ type: v.literal('following'), following: v.boolean() }),
]);

export const HostEventMessage = v.object({ kind: v.literal(HOST_EVENT_KIND), event: HostEventSchema });

export function parseHostEvent(message: unknown): HostEvent | null {
  const parsed = v.safeParse(HostEventMessage, message);
  return parsed.success ? (parsed.output.event as HostEvent) : null;
}

const SaveRequestSchema = v.object({
  kind: v.literal(HOST_SAVE_KIND),
  request: v.object({
    url: v.pipe(v.string(), v.startsWith('blob:')),
    path: v.pipe(v.string(), v.minLength(1), v.maxLength(4096)),
    jobId: Id,
    fileIndex: v.pipe(v.number(), v.integer(), v.minValue(0)),
  }),
});

export function parseSaveRequest(message: unknown): SaveRequestMessage | null {
  const parsed = v.safeParse(SaveRequestSchema, message);
  return parsed.success ? parsed.output.request : null;
}

const ResultSchema = v.union([
  v.object({ ok: v.literal(true), value: v.unknown() }),
  v.object({ ok: v.literal(false), error: v.object({ name: v.string(), message: v.string() }) }),
]);

export function parseHostResult(message: unknown): HostCallResult | null {
  const parsed = v.safeParse(ResultSchema, message);
  return parsed.success ? (parsed.output as HostCallResult) : null;
}

const ReplySchema = v.strictObject({ base64: v.pipe(v.string(), v.maxLength(24 * 1024 * 1024)) });

/** The host's answer to `reply`, or null when it is not one. */
export function parseReplyResult(value: unknown): { base64: string } | null {
  const parsed = v.safeParse(ReplySchema, value);
  return parsed.success ? parsed.output : null;
}

const StagedBytesSchema = v.strictObject({ bytes: v.pipe(v.number(), v.safeInteger(), v.minValue(0)) });

/** The host's answer to `stageBlob`: the bytes it wrote, or null when it is not one. */
export function parseStagedBytes(value: unknown): number | null {
  const parsed = v.safeParse(StagedBytesSchema, value);
  return parsed.success ? parsed.output.bytes : null;
}

/** A job's info as it came back from a call, checked like an event's. */
export function isJobInfoLike(value: unknown): boolean {
  return v.is(JobInfoSchema, value);
}
