/**
 * The messages of the page API. The page's MAIN-world script sends its calls over a private
 * MessagePort to the isolated-world relay, which forwards them on one runtime port per frame
 * (named PAGE_PORT_NAME; the origin is the browser's record of the port's sender). A createJob
 * that carries a Blob goes instead to the bridge frame (an extension page the MAIN-world script
 * makes on such a call) over another MessagePort; the bridge stages the Blob and forwards the
 * request on a runtime port named `webbits-page|<origin>`, the origin being the one the browser
 * gave the bridge's `message` event. Both check the envelope and forward without reading; the
 * background validates every request (src/shared/page-schemas.ts). No message can name an origin.
 */
import type { JobInfo } from '../engine/types';

/** The runtime port a relay opens to the background. */
export const PAGE_PORT_NAME = 'webbits-page';
/**
 * The runtime port a bridge opens is named `webbits-page|<origin>`; the background believes the
 * origin only from a sender that is the bridge page itself.
 */
export const pagePortName = (origin: string): string => `${PAGE_PORT_NAME}|${origin}`;

/** The event the MAIN-world script and the relay exchange the private MessagePort with. */
export const PAGE_HANDSHAKE_EVENT = 'webbits:port';
/** Dispatched by the relay when it starts, in case the MAIN-world script ran first. */
export const RELAY_READY_EVENT = 'webbits:relay';
/** Dispatched by the relay, synchronously, once it holds the page's port. */
export const RELAY_ADOPTED_EVENT = 'webbits:adopted';

/** The extension page the page's world frames (web_accessible_resources). */
export const BRIDGE_PAGE = 'bridge.html';
/** `{ webbits: BRIDGE_CONNECT }`, posted by the page to the bridge frame with a MessagePort. */
export const BRIDGE_CONNECT = 'webbits:connect';

/** The version pages see as `webbits.version` and `data-webbits`. */
export const PAGE_API_VERSION = '1.0';

/** A request fits in this many UTF-16 units of JSON: 200 files of 2200-char URLs and 16 KiB of headers fit. */
export const MAX_REQUEST_CHARS = 1_000_000;

export const PAGE_METHODS = [
  'requestAccess',
  'createJob',
  'getJobs',
  'getJob',
  'addFiles',
  'resume',
  'suspend',
  'cancel',
  'complete',
  'setPriority',
  'setFileUrl',
  /** An upload-reply job's reply, as `{ base64 }` (src/shared/base64-bytes.ts). */
  'reply',
  /** Start receiving jobchange pushes (and, with `mirror`, the WMP mirror). Never prompts. */
  'subscribe',
  'createCollection',
  'startDownload',
  'removeItem',
] as const;

/**
 * Methods only the bridge sends. `checkJob` validates a createJob request and asks for consent,
 * without creating anything: a page's Blobs are written to disk only after it passed.
 * `stageBlob` has the engine host read a Blob from the bridge's `blob:` URL into `staged/<uuid>`.
 */
export const BRIDGE_METHODS = ['checkJob', 'stageBlob'] as const;
export const BACKGROUND_METHODS = [...PAGE_METHODS, ...BRIDGE_METHODS] as const;
export type PageMethod = (typeof BACKGROUND_METHODS)[number];

/** The part of a runtime Port the relay and the bridge use: tests hand them a fake. */
export interface RuntimePortLike {
  postMessage(message: unknown): void;
  disconnect(): void;
  onMessage: { addListener(listener: (message: unknown) => void): void };
  onDisconnect: { addListener(listener: () => void): void };
}

export interface PageRequest {
  kind: 'request';
  /** Chosen by the page; echoed in the response. */
  id: number;
  method: PageMethod;
  args: unknown;
}

/** An error crosses the bridge as its name and message; the page re-creates an Error from them. */
export interface ErrorPayload {
  name: string;
  message: string;
}

export type PageResponse =
  | { kind: 'response'; id: number; ok: true; value: unknown }
  | { kind: 'response'; id: number; ok: false; error: ErrorPayload };

/** One WMP DownloadCollection as the page's mirror holds it: its job ids, oldest first. */
export interface MirrorCollection {
  id: number;
  jobIds: string[];
}

export type PagePush =
  /** The whole mirror: sent on `subscribe` with `mirror`, and again when consent is granted. */
  | { kind: 'mirror'; collections: MirrorCollection[]; jobs: JobInfo[] }
  /** Membership of some collections changed. */
  | { kind: 'collections'; collections: MirrorCollection[] }
  /** One of this origin's jobs changed: state changes at once, progress at most every 500 ms. */
  | { kind: 'jobchange'; job: JobInfo }
  | { kind: 'jobremoved'; id: string };

export type BackgroundToRelay = PageResponse | PagePush;

/** Arguments of each method, as the page sends them (validated again in the background). */
export interface PageArgs {
  requestAccess: null;
  createJob: { init: unknown };
  checkJob: { init: unknown };
  stageBlob: { url: string; staged: string; size: number };
  getJobs: null;
  getJob: { id: string };
  addFiles: { id: string; files: unknown };
  resume: { id: string };
  suspend: { id: string };
  cancel: { id: string };
  complete: { id: string };
  setPriority: { id: string; priority: unknown };
  setFileUrl: { id: string; fileIndex: unknown; url: unknown };
  reply: { id: string };
  subscribe: { mirror: boolean };
  createCollection: { collectionId: number };
  startDownload: { collectionId: number; url: string; type: WmpItemType };
  removeItem: { collectionId: number; jobId: string };
}

export type WmpItemType = 'background' | 'real time';

/** Error names that cross the bridge as they are; anything else arrives as a plain `Error`. */
export const PASSED_ERROR_NAMES = ['NotAllowedError', 'TypeError', 'QuotaExceededError', 'AbortError'];
export const isPassedErrorName = (name: string): boolean =>
  PASSED_ERROR_NAMES.includes(name) || /^(BG_)?E_[A-Z0-9_]{1,40}$/.test(name);

/**
 * A createJob whose files carry `data` (an upload's Blob, or anything a page put there): it goes
 * to the bridge frame, and the background refuses it on a relay's port.
 */
export function carriesData(method: string, args: unknown): boolean {
  if (method !== 'createJob' && method !== 'checkJob') return false;
  const files = (args as { init?: { files?: unknown } } | null)?.init?.files;
  return Array.isArray(files) && files.some((f) => typeof f === 'object' && f !== null && 'data' in f);
}
