/**
 * The messages of the page bridge: the page's MAIN-world script talks to the bridge frame (an
 * extension page it makes on its first call) over a MessagePort; the bridge talks to the
 * background over one runtime port per page port. The bridge checks the envelope, stages Blobs,
 * and forwards the rest without reading it; the background validates every request
 * (src/shared/page-schemas.ts). The origin is the one the browser gave the bridge's `message`
 * event, never one a message states.
 */
import type { JobInfo } from '../engine/types';

/**
 * The runtime port a bridge opens to the background is named `webbits-page|<origin>`; the
 * background believes the origin only from a sender that is the bridge page itself.
 */
export const PAGE_PORT_NAME = 'webbits-page';
export const pagePortName = (origin: string): string => `${PAGE_PORT_NAME}|${origin}`;

/** The extension page the page's world frames (web_accessible_resources). */
export const BRIDGE_PAGE = 'bridge.html';
/** `{ webbits: BRIDGE_CONNECT }`, posted by the page to the bridge frame with a MessagePort. */
export const BRIDGE_CONNECT = 'webbits:connect';
/** `{ webbits: BRIDGE_READY }`, posted by the bridge to its parent as soon as its script runs. */
export const BRIDGE_READY = 'webbits:bridge';

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
  /** Start receiving jobchange pushes (and, with `mirror`, the WMP mirror). Never prompts. */
  'subscribe',
  'createCollection',
  'startDownload',
  'removeItem',
] as const;

/**
 * Methods only the bridge sends. `checkJob` validates a createJob request and asks for consent,
 * without creating anything: a page's Blobs are written to disk only after it passed.
 * `stageBlob` has the background read a Blob from the bridge's `blob:` URL into `staged/<uuid>`.
 */
export const BRIDGE_METHODS = ['checkJob', 'stageBlob'] as const;
export const BACKGROUND_METHODS = [...PAGE_METHODS, ...BRIDGE_METHODS] as const;
export type PageMethod = (typeof BACKGROUND_METHODS)[number];

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
  subscribe: { mirror: boolean };
  createCollection: { collectionId: number };
  startDownload: { collectionId: number; url: string; type: WmpItemType };
  removeItem: { collectionId: number; jobId: string };
}

export type WmpItemType = 'background' | 'real time';

/** Error names that cross the bridge as they are; anything else arrives as a plain `Error`. */
export const PASSED_ERROR_NAMES = ['NotAllowedError', 'TypeError', 'QuotaExceededError', 'AbortError'];
export const isPassedErrorName = (name: string): boolean =>
  PASSED_ERROR_NAMES.includes(name) || /^BG_E_[A-Z0-9_]{1,40}$/.test(name);
