/**
 * Chrome's offscreen document (reason BLOBS): a service worker has no URL.createObjectURL, so this
 * page reads a finished file's chunk Blobs from IndexedDB, joins them into one Blob and hands the
 * worker a blob: URL for downloads.download; the worker asks it to revoke the URL afterwards.
 */
import { WebBitsDb } from '../store/db';
import { DexieJobStore } from '../store/dexie-store';
import { assembleFileBlob } from '../shared/file-blob';
import {
  isOffscreenRequest,
  type OffscreenRequest,
  type OffscreenResponse,
} from '../shared/offscreen-messages';

const store = new DexieJobStore(new WebBitsDb(), { chunkAsBlob: true });

async function handle(request: OffscreenRequest): Promise<OffscreenResponse> {
  if (request.op === 'revoke') {
    URL.revokeObjectURL(request.url);
    return { ok: true };
  }
  const blob = await assembleFileBlob(store, request);
  return { ok: true, url: URL.createObjectURL(blob) };
}

chrome.runtime.onMessage.addListener((message: unknown, sender, sendResponse) => {
  if (!isOffscreenRequest(message) || sender.id !== chrome.runtime.id) return false;
  handle(message).then(sendResponse, (error: unknown) =>
    sendResponse({ ok: false, message: error instanceof Error ? error.message : String(error) }),
  );
  return true;
});
