/**
 * Schemas for every message the background receives from extension pages, checked at the
 * receiving end: a page is trusted code, but a bug there must not reach the engine as a bad value.
 */
import * as v from 'valibot';
import { parseRpcAddress } from '../engine/aria2/rpc-address';
import { PRIORITIES } from '../engine/types';
import { ARIA2_SEND_MODES } from './extension-settings';
import { API_MESSAGE_KIND, API_METHODS, type ApiMethod } from './api-messages';

const JobId = v.pipe(v.string(), v.minLength(1), v.maxLength(100));
const PrioritySchema = v.picklist(PRIORITIES);
/** The engine checks schemes and lengths and answers with a TypeError naming the field. */
const UrlText = v.pipe(v.string(), v.minLength(1), v.maxLength(4096));
const Origin = v.pipe(v.string(), v.regex(/^https?:\/\/[^/\s]+$/, 'an origin like https://shop.example'));
const Decision = v.picklist(['allowed', 'blocked'] as const);
const Token = v.pipe(v.string(), v.minLength(1), v.maxLength(100));

/** The engine's settings (src/engine/types.ts): the engine host accepts these and nothing else. */
export const EngineSettingsPatchSchema = v.strictObject({
  connectionsPerFile: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(16))),
  backgroundJobs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(6))),
  backgroundBandwidthLimit: v.optional(v.nullable(v.pipe(v.number(), v.minValue(1)))),
  downloadFolder: v.optional(
    v.pipe(
      v.string(),
      v.maxLength(1000),
      v.check(
        (path) => !path.split(/[/\\]/).includes('..') && !/^([/\\]|[a-zA-Z]:)/.test(path),
        'a folder inside Downloads',
      ),
    ),
  ),
  userRetryDelay: v.optional(v.pipe(v.number(), v.integer(), v.minValue(5), v.maxValue(31_536_000))),
  pauseBackgroundOnMetered: v.optional(v.boolean()),
  aria2Address: v.optional(
    v.pipe(
      v.string(),
      v.maxLength(2200),
      v.check(
        (text) => text.trim() === '' || isRpcAddress(text),
        'an http:, https:, ws: or wss: address without a user name, e.g. http://127.0.0.1:6800/jsonrpc',
      ),
    ),
  ),
  // It travels in an HTTP header or a JSON string: no control characters.
  aria2Secret: v.optional(
    v.pipe(
      v.string(),
      v.maxLength(1000),
      v.check(
        (text) => ![...text].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f),
        'no control characters',
      ),
    ),
  ),
});

function isRpcAddress(text: string): boolean {
  try {
    parseRpcAddress(text);
    return true;
  } catch {
    return false;
  }
}

/** A host name as "Never for these sites" holds it: letters, digits, dots, dashes (or an IP address). */
export const SiteHostSchema = v.pipe(
  v.string(),
  v.minLength(1),
  v.maxLength(253),
  v.regex(/^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])$/, 'a host name such as example.com'),
);

/** Every option (src/shared/extension-settings.ts): the engine's and the background's own. */
export const SettingsPatchSchema = v.strictObject({
  ...EngineSettingsPatchSchema.entries,
  takeOver: v.optional(v.boolean()),
  takeOverMinMB: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1_000_000))),
  takeOverNeverSites: v.optional(v.pipe(v.array(SiteHostSchema), v.maxLength(1000))),
  aria2Send: v.optional(v.picklist(ARIA2_SEND_MODES)),
});

const NoInput = v.optional(v.undefined());
const ById = v.strictObject({ id: JobId });

export const API_INPUT_SCHEMAS = {
  listJobs: NoInput,
  addDownload: v.strictObject({
    url: UrlText,
    priority: v.optional(PrioritySchema),
    name: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(256))),
    referrer: v.optional(UrlText),
  }),
  addDownloads: v.strictObject({
    urls: v.pipe(v.array(UrlText), v.minLength(1), v.maxLength(1000)),
    priority: v.optional(PrioritySchema),
    pickerId: v.optional(Token),
  }),
  resume: ById,
  suspend: ById,
  cancel: ById,
  complete: ById,
  setPriority: v.strictObject({ id: JobId, priority: PrioritySchema }),
  setFileUrl: v.strictObject({
    id: JobId,
    fileIndex: v.pipe(v.number(), v.integer(), v.minValue(0)),
    url: UrlText,
  }),
  remove: ById,
  pauseAll: NoInput,
  resumeAll: NoInput,
  clearFinished: NoInput,
  openFile: v.strictObject({
    id: JobId,
    fileIndex: v.pipe(v.number(), v.integer(), v.minValue(0)),
    reveal: v.boolean(),
  }),
  savedDownloadId: v.strictObject({ id: JobId, fileIndex: v.pipe(v.number(), v.integer(), v.minValue(0)) }),
  getSettings: NoInput,
  setSettings: SettingsPatchSchema,
  listSites: NoInput,
  setSite: v.strictObject({ origin: Origin, decision: v.nullable(Decision) }),
  getPickerLinks: v.strictObject({ pickerId: Token }),
  answerConsent: v.strictObject({ promptId: Token, decision: Decision }),
  getConsentPrompt: v.strictObject({ promptId: Token }),
  getStatus: NoInput,
  getSiteAccess: NoInput,
  sendToAria2: ById,
  testAria2: NoInput,
} satisfies Record<ApiMethod, v.GenericSchema>;

export const ApiRequestSchema = v.object({
  kind: v.literal(API_MESSAGE_KIND),
  method: v.picklist(API_METHODS),
  input: v.optional(v.unknown()),
});

export type ParsedApiRequest =
  { ok: true; method: ApiMethod; input: unknown } | { ok: false; message: string };

/** Checks the envelope, then the method's input; the message names the first problem. */
export function parseApiRequest(message: unknown): ParsedApiRequest {
  const envelope = v.safeParse(ApiRequestSchema, message);
  if (!envelope.success)
    return { ok: false, message: `Not a WebBITS request: ${v.summarize(envelope.issues)}` };
  const { method, input } = envelope.output;
  const parsed = v.safeParse(API_INPUT_SCHEMAS[method], input);
  if (!parsed.success) return { ok: false, message: `${method}: ${v.summarize(parsed.issues)}` };
  return { ok: true, method, input: parsed.output };
}

/** True for messages meant for the API router (others, such as the offscreen document's, pass by). */
export function isApiEnvelope(message: unknown): boolean {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as { kind?: unknown }).kind === API_MESSAGE_KIND
  );
}
