/**
 * Chrome's offscreen document (reasons WORKERS and BLOBS): it starts the engine host's worker,
 * which a service worker cannot, and relays between it and the service worker. Calls come as
 * runtime messages from the service worker; events and save requests go back the same way. A port
 * to the service worker stays open while it runs, so that the service worker notices at once when
 * this document is closed or crashes, and starts it again.
 */
import {
  HOST_EVENT_KIND,
  HOST_PORT_NAME,
  HOST_SAVE_KIND,
  type SaveRequestMessage,
} from '../shared/engine-host-api';
import { isHostCallEnvelope } from '../shared/engine-host-schemas';
import { HOST_WORKER_SCRIPT, startHostWorker } from '../engine-host/start-host-worker';

let port: chrome.runtime.Port | null = null;
/** Reconnected before each event, so a restarted service worker gets a port again. */
function ensurePort(): void {
  if (port) return;
  port = chrome.runtime.connect({ name: HOST_PORT_NAME });
  port.onDisconnect.addListener(() => {
    port = null;
  });
}

const host = startHostWorker({
  scriptUrl: chrome.runtime.getURL(HOST_WORKER_SCRIPT),
  onEvent(event) {
    ensurePort();
    chrome.runtime.sendMessage({ kind: HOST_EVENT_KIND, event }).catch(() => undefined);
  },
  async save(request: SaveRequestMessage) {
    const answer = (await chrome.runtime.sendMessage({ kind: HOST_SAVE_KIND, request })) as
      { ok: true; localPath: string } | { ok: false; message: string } | undefined;
    if (!answer) throw new Error('The background did not answer the save.');
    if (!answer.ok) throw new Error(answer.message);
    return { localPath: answer.localPath };
  },
});

const backgroundUrl = chrome.runtime.getURL('background.js');

chrome.runtime.onMessage.addListener((message: unknown, sender, sendResponse) => {
  if (!isHostCallEnvelope(message) || sender.id !== chrome.runtime.id || sender.url !== backgroundUrl)
    return false;
  void host.call(message).then(sendResponse);
  return true;
});
ensurePort();
