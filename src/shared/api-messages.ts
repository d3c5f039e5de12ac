/**
 * The wire format between extension pages and the background: one request message per
 * BackgroundApi call, answered with a result envelope. Errors cross as { name, message } so that
 * `err.name === 'BG_E_INVALID_STATE'` still works on the page side.
 */
import type { BackgroundApi } from './background-api';

export const API_MESSAGE_KIND = 'webbits:api';

export type ApiMethod = keyof BackgroundApi;

/** Every BackgroundApi method, checked against the interface in both directions. */
export const API_METHODS = [
  'listJobs',
  'addDownload',
  'addDownloads',
  'resume',
  'suspend',
  'cancel',
  'complete',
  'setPriority',
  'setFileUrl',
  'remove',
  'pauseAll',
  'resumeAll',
  'clearFinished',
  'openFile',
  'savedDownloadId',
  'getSettings',
  'setSettings',
  'listSites',
  'setSite',
  'getPickerLinks',
  'answerConsent',
  'getConsentPrompt',
  'getStatus',
  'getSiteAccess',
  'sendToAria2',
  'testAria2',
] as const satisfies readonly ApiMethod[];

type MissingMethods = Exclude<ApiMethod, (typeof API_METHODS)[number]>;
// A compile error here names a BackgroundApi method missing from API_METHODS.
export const API_METHODS_COMPLETE: MissingMethods extends never ? true : MissingMethods = true;

export interface ApiRequest {
  kind: typeof API_MESSAGE_KIND;
  method: ApiMethod;
  input?: unknown;
}

export interface ApiErrorPayload {
  name: string;
  message: string;
}

export type ApiResponse = { ok: true; value: unknown } | { ok: false; error: ApiErrorPayload };

/** Rebuilds the error a page sees from its payload: TypeError stays a TypeError. */
export function errorFromPayload(payload: ApiErrorPayload): Error {
  const error = payload.name === 'TypeError' ? new TypeError(payload.message) : new Error(payload.message);
  if (payload.name !== 'TypeError') error.name = payload.name;
  return error;
}

export function errorToPayload(error: unknown): ApiErrorPayload {
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}
