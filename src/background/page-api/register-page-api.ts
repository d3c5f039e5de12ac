/**
 * The page API in the background, wired to the browser with one call from the background entry:
 *
 *   const pageApi = registerPageApi({ engine: enginePromise });
 *
 * It registers its listeners synchronously (a woken service worker must find them at once), keeps
 * the worker alive while a consent prompt waits, and returns the functions the BackgroundApi
 * delegates to (answerConsent, getConsentPrompt, listSites, setSite).
 */
import type { JobManager } from '../../engine/ports';
import type { SiteDecision, SiteEntry } from '../../shared/background-api';
import { PAGE_PORT_NAME } from '../../shared/page-protocol';
import { createChangeFeed } from './change-feed';
import { createCollectionRegistry, type CollectionRegistry } from './collection-registry';
import { createConsentManager, type ConsentManager } from './consent-manager';
import { browserLocalStorage, type KeyValueStorage } from './key-value-storage';
import { createOriginGate } from './origin-gate';
import { createPageSessions, type PagePort } from './page-sessions';

export const PROGRESS_INTERVAL_MS = 500;
/** Collection membership pushes are coalesced this long: an album of 20 tracks is one push. */
const COLLECTIONS_PUSH_DELAY_MS = 50;
const KEEP_ALIVE_MS = 20_000;
const PROMPT_SIZE = { width: 440, height: 260 };

export interface PageApiOptions {
  engine: JobManager | Promise<JobManager>;
  storage?: KeyValueStorage;
  /** Opens the prompt window; the default opens consent.html?promptId=… in a small popup window. */
  openPrompt?: (promptId: string, origin: string, consent: ConsentManager) => Promise<void>;
}

export interface PageApi {
  consent: ConsentManager;
  collections: CollectionRegistry;
  answerConsent(input: { promptId: string; decision: SiteDecision }): Promise<void>;
  getConsentPrompt(input: { promptId: string }): Promise<{ origin: string } | null>;
  listSites(): Promise<SiteEntry[]>;
  setSite(input: { origin: string; decision: SiteDecision | null }): Promise<SiteEntry[]>;
}

interface BrowserApis {
  runtime: {
    getURL(path: string): string;
    getPlatformInfo(): Promise<unknown>;
    onConnect: { addListener(listener: (port: PagePort & { name: string }) => void): void };
  };
  windows?: {
    create(info: Record<string, unknown>): Promise<{ id?: number }>;
    onRemoved: { addListener(listener: (windowId: number) => void): void };
  };
}

function browserApis(): BrowserApis {
  const scope = globalThis as unknown as { browser?: BrowserApis; chrome?: BrowserApis };
  const apis = scope.browser?.runtime ? scope.browser : scope.chrome;
  if (!apis?.runtime) throw new Error('The extension runtime is not available here.');
  return apis;
}

export function registerPageApi(options: PageApiOptions): PageApi {
  const apis = browserApis();
  const storage = options.storage ?? browserLocalStorage();
  const promptWindows = new Map<number, string>();
  let keepAlive: ReturnType<typeof setInterval> | undefined;

  const openPromptWindow = async (promptId: string): Promise<void> => {
    if (!apis.windows) throw new Error('no windows API');
    const url = apis.runtime.getURL(`consent.html?promptId=${encodeURIComponent(promptId)}`);
    const created = await apis.windows.create({ url, type: 'popup', focused: true, ...PROMPT_SIZE });
    if (created.id !== undefined) promptWindows.set(created.id, promptId);
  };
  const consent = createConsentManager({
    storage,
    newPromptId: () => crypto.randomUUID(),
    now: () => Date.now(),
    openPrompt: async (promptId, origin) => {
      // Chrome stops an idle worker after 30 s; a person may take longer to decide.
      keepAlive ??= setInterval(() => {
        if (consent.pendingPrompts() === 0) {
          clearInterval(keepAlive);
          keepAlive = undefined;
        } else void apis.runtime.getPlatformInfo();
      }, KEEP_ALIVE_MS);
      await (options.openPrompt ? options.openPrompt(promptId, origin, consent) : openPromptWindow(promptId));
    },
  });
  apis.windows?.onRemoved.addListener((windowId) => {
    const promptId = promptWindows.get(windowId);
    if (promptId === undefined) return;
    promptWindows.delete(windowId);
    consent.dismiss(promptId);
  });

  const collections = createCollectionRegistry(storage);
  const pushTimers = new Map<string, ReturnType<typeof setTimeout>>();
  const collectionsChanged = (origin: string): void => {
    if (pushTimers.has(origin)) return;
    pushTimers.set(
      origin,
      setTimeout(() => {
        pushTimers.delete(origin);
        void sessions.pushCollections(origin);
      }, COLLECTIONS_PUSH_DELAY_MS),
    );
  };

  // Ports that connect before the engine has loaded wait for it.
  const pending: PagePort[] = [];
  let sessions: ReturnType<typeof createPageSessions>;
  apis.runtime.onConnect.addListener((port) => {
    if (port.name !== PAGE_PORT_NAME) return;
    if (sessions) sessions.accept(port);
    else pending.push(bufferedPort(port));
  });
  void Promise.resolve(options.engine).then((engine) => {
    sessions = createPageSessions({
      engine,
      consent,
      collections,
      collectionsChanged,
      gate: createOriginGate({ concurrency: 4, maxQueued: 2000 }),
    });
    const feed = createChangeFeed({
      intervalMs: PROGRESS_INTERVAL_MS,
      now: () => Date.now(),
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
      emit: (info) => sessions.pushJob(info),
      emitRemoved: (owner, id) => sessions.pushRemoved(owner, id),
    });
    engine.subscribe((info, kind) => feed.push(info, kind));
    consent.onDecision((origin, decision) => {
      if (decision === 'allowed') void sessions.pushMirror(origin);
    });
    for (const port of pending.splice(0)) sessions.accept(port);
  });

  return {
    consent,
    collections,
    answerConsent: ({ promptId, decision }) => consent.answer(promptId, decision),
    getConsentPrompt: ({ promptId }) => consent.getPrompt(promptId),
    listSites: () => consent.listSites(),
    setSite: ({ origin, decision }) => consent.setSite(origin, decision),
  };
}

/** Holds a port's messages until a listener is added: the engine may still be loading. */
function bufferedPort(port: PagePort): PagePort {
  const queue: unknown[] = [];
  let deliver: ((message: unknown) => void) | null = null;
  port.onMessage.addListener((message) => (deliver ? deliver(message) : queue.push(message)));
  return {
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
