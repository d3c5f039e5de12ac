/**
 * The page API in the background, wired to the browser with one call from the background entry,
 * made synchronously at the top of the script (a woken service worker must find the listener):
 *
 *   registerPageApi(boot);
 *
 * where `boot()` resolves with the started engine and the background's consent prompt. Job changes
 * and the WMP mirror are pushed to the pages of the job's origin; the worker is kept alive while a
 * consent prompt waits for the person.
 */
import { browser } from '../../platform/browser';
import type { JobManager } from '../../engine/ports';
import type { SiteDecision } from '../../shared/background-api';
import { BRIDGE_PAGE, PAGE_PORT_NAME } from '../../shared/page-protocol';
import { SITES_KEY, createSitesStore } from '../sites';
import { isBridgePortName, originOfBridgePort, originOfRelayPort } from './bridge-origin';
import { createChangeFeed } from './change-feed';
import { createCollectionRegistry } from './collection-registry';
import { createConsentGate } from './consent-gate';
import { storageFromArea } from './key-value-storage';
import { createOriginGate } from './origin-gate';
import { createPageSessions, type PagePort, type PageSessions, type PortKind } from './page-sessions';
import { createStagedBlobStore } from './staged-blob-store';
import type { RemoteEngine } from '../remote-engine';
import { parseStagedBytes } from '../../shared/engine-host-schemas';

export const PROGRESS_INTERVAL_MS = 500;
/** Collection membership pushes are coalesced this long: an album of 20 tracks is one push. */
const COLLECTIONS_PUSH_DELAY_MS = 50;
const KEEP_ALIVE_MS = 20_000;

/** What the page API needs from a started background (BackgroundRuntime fits). */
export interface PageApiServices {
  /** `call` reaches the engine host, which writes a page's Blobs into the extension's storage. */
  engine: JobManager & Pick<RemoteEngine, 'call'>;
  consent: { ask(origin: string): Promise<SiteDecision | null> };
}

export function registerPageApi(services: () => Promise<PageApiServices>): void {
  const sites = createSitesStore(browser.storage.local, () => Date.now());
  const consent = createConsentGate(
    {
      decision: (origin) => sites.get(origin),
      ask: async (origin) => {
        // Chrome stops an idle worker after 30 s; a person may take longer to decide.
        const keepAlive = setInterval(() => void browser.runtime.getPlatformInfo(), KEEP_ALIVE_MS);
        try {
          return await (await services()).consent.ask(origin);
        } finally {
          clearInterval(keepAlive);
        }
      },
    },
    () => Date.now(),
  );
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && SITES_KEY in changes) consent.forgetCached();
  });
  const collections = createCollectionRegistry(storageFromArea(browser.storage.local));
  const pushTimers = new Map<string, ReturnType<typeof setTimeout>>();
  let sessions: PageSessions | null = null;
  const collectionsChanged = (origin: string): void => {
    if (pushTimers.has(origin)) return;
    const timer = setTimeout(() => {
      pushTimers.delete(origin);
      void sessions?.pushCollections(origin);
    }, COLLECTIONS_PUSH_DELAY_MS);
    pushTimers.set(origin, timer);
  };

  const pending: Array<{ port: PagePort; origin: string | null; kind: PortKind }> = [];
  const bridgeUrl = browser.runtime.getURL(BRIDGE_PAGE);
  browser.runtime.onConnect.addListener((port) => {
    const relay = port.name === PAGE_PORT_NAME;
    if (!relay && !isBridgePortName(port.name)) return;
    const pagePort = port as unknown as PagePort;
    const kind: PortKind = relay ? 'relay' : 'bridge';
    const origin = relay
      ? originOfRelayPort(pagePort.sender)
      : originOfBridgePort(port.name, pagePort.sender, bridgeUrl);
    if (sessions) sessions.accept(pagePort, origin, kind);
    else pending.push({ port: bufferedPort(pagePort), origin, kind });
  });

  void services().then(({ engine }) => {
    const ready = createPageSessions({
      engine,
      consent,
      collections,
      collectionsChanged,
      gate: createOriginGate({ concurrency: 4, maxQueued: 2000 }),
      staging: createStagedBlobStore({
        blobUrlPrefix: `blob:${browser.runtime.getURL('')}`,
        async writeInHost(request) {
          const bytes = parseStagedBytes(await engine.call('stageBlob', request));
          if (bytes === null) throw new Error('files[0].data: the engine host gave no valid answer');
          return bytes;
        },
        directory: () => navigator.storage.getDirectory(),
        stillWorking: () => void browser.runtime.getPlatformInfo(),
      }),
    });
    const feed = createChangeFeed({
      intervalMs: PROGRESS_INTERVAL_MS,
      now: () => Date.now(),
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
      emit: (info) => ready.pushJob(info),
      emitRemoved: (owner, id) => ready.pushRemoved(owner, id),
    });
    engine.subscribe((info, kind) => feed.push(info, kind));
    consent.onGranted((origin) => void ready.pushMirror(origin));
    sessions = ready;
    for (const { port, origin, kind } of pending.splice(0)) ready.accept(port, origin, kind);
  });
}

/** Holds a port's messages until a listener is added: the engine may still be loading. */
function bufferedPort(port: PagePort): PagePort {
  const queue: unknown[] = [];
  let deliver: ((message: unknown) => void) | null = null;
  port.onMessage.addListener((message) => (deliver ? deliver(message) : queue.push(message)));
  return {
    name: port.name,
    sender: port.sender,
    postMessage: (message) => port.postMessage(message),
    onDisconnect: port.onDisconnect,
    onMessage: {
      addListener(listener) {
        deliver = listener;
        for (const message of queue.splice(0)) listener(message);
      },
    },
  };
}
