/**
 * The messages of the page bridge: the page's MAIN-world script talks to the isolated-world relay
 * over a private MessagePort, the relay talks to the background over one runtime port per frame.
 * The relay forwards requests and pushes without reading them; the background validates every
 * request (src/shared/page-schemas.ts) and takes the origin from the port's sender, never from here.
 */
import type { JobInfo } from '../engine/types';

/** The name of the runtime port a relay opens to the background. */
export const PAGE_PORT_NAME = 'webbits-page';

/** The event the MAIN-world script and the relay exchange the private MessagePort with. */
export const PAGE_HANDSHAKE_EVENT = 'webbits:port';
/** Dispatched by the relay when it starts, in case the MAIN-world script ran first. */
export const RELAY_READY_EVENT = 'webbits:relay';
/** Dispatched by the relay, synchronously, once it holds the page's port. */
export const RELAY_ADOPTED_EVENT = 'webbits:adopted';

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
export type PageMethod = (typeof PAGE_METHODS)[number];

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
