/**
 * Where blob: URLs for saving come from. Chrome's service worker has no URL.createObjectURL and
 * asks its offscreen document (created on demand, one per profile); Firefox's background page
 * builds the Blob itself.
 */
import type { JobStore } from '../engine/ports';
import { assembleFileBlob } from '../shared/file-blob';
import {
  OFFSCREEN_MESSAGE_KIND,
  type OffscreenRequest,
  type OffscreenResponse,
} from '../shared/offscreen-messages';
import { getContexts, offscreenApi } from '../platform/browser';

export interface BlobUrlRequest {
  jobId: string;
  fileIndex: number;
  bytesTotal: number;
  contentType: string | null;
}

export interface BlobUrlSource {
  create(request: BlobUrlRequest): Promise<string>;
  revoke(url: string): Promise<void>;
}

export function directBlobUrls(store: Pick<JobStore, 'getChunks'>): BlobUrlSource {
  return {
    async create(request) {
      return URL.createObjectURL(await assembleFileBlob(store, request));
    },
    async revoke(url) {
      URL.revokeObjectURL(url);
    },
  };
}

const OFFSCREEN_PATH = 'offscreen.html';
/** Waits before each new try while a just-created document's script has not started listening. */
const NOT_LISTENING_RETRY_MS = [50, 100, 200, 400, 800];

async function sendWhenListening(request: OffscreenRequest): Promise<OffscreenResponse | undefined> {
  for (let attempt = 0; ; attempt++) {
    try {
      return (await chrome.runtime.sendMessage(request)) as OffscreenResponse | undefined;
    } catch (error) {
      const delay = NOT_LISTENING_RETRY_MS[attempt];
      if (delay === undefined || !String(error).includes('Receiving end does not exist')) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

export function offscreenBlobUrls(): BlobUrlSource {
  let creating: Promise<void> | null = null;
  const ensureDocument = async (): Promise<void> => {
    // A document another call is still creating is listed by getContexts before its script
    // listens: wait for that creation rather than message a document that cannot answer yet.
    if (creating) return creating;
    const url = chrome.runtime.getURL(OFFSCREEN_PATH);
    const existing = await getContexts?.({
      contextTypes: ['OFFSCREEN_DOCUMENT' as chrome.runtime.ContextType],
      documentUrls: [url],
    });
    if (existing && existing.length > 0) return;
    creating ??= (async () => {
      try {
        await offscreenApi?.createDocument({
          url: OFFSCREEN_PATH,
          reasons: ['BLOBS' as chrome.offscreen.Reason],
          justification: 'Join the stored chunks of a finished download into one file to save it.',
        });
      } catch (error) {
        // Another call created it first: that is what we wanted.
        if (!String(error).includes('single offscreen')) throw error;
      } finally {
        creating = null;
      }
    })();
    await creating;
  };
  const send = async (request: OffscreenRequest): Promise<OffscreenResponse> => {
    await ensureDocument();
    const response = await sendWhenListening(request);
    if (!response) throw new Error('The offscreen document did not answer.');
    return response;
  };
  return {
    async create(request) {
      const response = await send({ kind: OFFSCREEN_MESSAGE_KIND, op: 'blob-url', ...request });
      if (!response.ok) throw new Error(response.message);
      if (!response.url) throw new Error('The offscreen document returned no URL.');
      return response.url;
    },
    async revoke(url) {
      await send({ kind: OFFSCREEN_MESSAGE_KIND, op: 'revoke', url });
    },
  };
}

/** The offscreen route where the API exists (Chrome), the direct one elsewhere (Firefox). */
export function platformBlobUrls(store: Pick<JobStore, 'getChunks'>): BlobUrlSource {
  return offscreenApi && typeof URL.createObjectURL !== 'function'
    ? offscreenBlobUrls()
    : directBlobUrls(store);
}
