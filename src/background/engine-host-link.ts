/**
 * How the background reaches the engine host: on Chrome through the offscreen document it creates
 * (reasons WORKERS and BLOBS), with runtime messages; on Firefox through the worker its own
 * background page starts. Either way one typed `call` per EngineHostApi method, whose answer is
 * checked before it is believed.
 */
import { errorFromPayload } from '../shared/api-messages';
import { HOST_CALL_KIND, type EngineHostApi, type HostMethod } from '../shared/engine-host-api';
import { parseHostResult } from '../shared/engine-host-schemas';
import { HOST_WORKER_SCRIPT, startHostWorker, type HostWorkerDeps } from '../engine-host/start-host-worker';
import { browser, getContexts, offscreenApi } from '../platform/browser';

export interface HostLink {
  call<M extends HostMethod>(
    method: M,
    input: Parameters<EngineHostApi[M]>[0],
  ): Promise<Awaited<ReturnType<EngineHostApi[M]>>>;
  /** Whether the host's context exists now (Chrome: the offscreen document). */
  isOpen(): Promise<boolean>;
  /** Closes the host's context, when no job needs it (Chrome). */
  close(): Promise<void>;
}

type Answer<M extends HostMethod> = Awaited<ReturnType<EngineHostApi[M]>>;

function unwrap<M extends HostMethod>(method: M, raw: unknown): Answer<M> {
  const result = parseHostResult(raw);
  if (!result) throw new Error(`The engine host gave no valid answer to ${method}.`);
  if (!result.ok) throw errorFromPayload(result.error);
  return result.value as Answer<M>;
}

const OFFSCREEN_PATH = 'offscreen.html';
/** Waits before each new try while a just-created document's script has not started listening. */
const NOT_LISTENING_RETRY_MS = [50, 100, 200, 400, 800, 1600];

export function offscreenHostLink(): HostLink {
  const url = chrome.runtime.getURL(OFFSCREEN_PATH);
  let creating: Promise<void> | null = null;
  const isOpen = async (): Promise<boolean> => {
    const existing = await getContexts?.({
      contextTypes: ['OFFSCREEN_DOCUMENT' as chrome.runtime.ContextType],
      documentUrls: [url],
    });
    return (existing?.length ?? 0) > 0;
  };
  const ensureDocument = async (): Promise<void> => {
    // A document still being created is listed before its script listens: wait for its creation.
    if (creating) return creating;
    if (await isOpen()) return;
    creating ??= (async () => {
      try {
        await offscreenApi?.createDocument({
          url: OFFSCREEN_PATH,
          reasons: ['WORKERS', 'BLOBS'] as chrome.offscreen.Reason[],
          justification:
            'Runs the download engine in a worker and hands finished files to the downloads API.',
        });
      } catch (error) {
        if (!String(error).includes('single offscreen')) throw error;
      } finally {
        creating = null;
      }
    })();
    await creating;
  };
  async function call<M extends HostMethod>(
    method: M,
    input: Parameters<EngineHostApi[M]>[0],
  ): Promise<Answer<M>> {
    for (let attempt = 0; ; attempt++) {
      await ensureDocument();
      try {
        return unwrap(method, await chrome.runtime.sendMessage({ kind: HOST_CALL_KIND, method, input }));
      } catch (error) {
        const delay = NOT_LISTENING_RETRY_MS[attempt];
        if (delay === undefined || !String(error).includes('Receiving end does not exist')) throw error;
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }
  return {
    call,
    isOpen,
    async close() {
      if (await isOpen()) await offscreenApi?.closeDocument().catch(() => undefined);
    },
  };
}

export function workerHostLink(deps: Omit<HostWorkerDeps, 'scriptUrl'>): HostLink {
  const worker = startHostWorker({ ...deps, scriptUrl: browser.runtime.getURL(HOST_WORKER_SCRIPT) });
  async function call<M extends HostMethod>(
    method: M,
    input: Parameters<EngineHostApi[M]>[0],
  ): Promise<Answer<M>> {
    return unwrap(method, await worker.call({ kind: HOST_CALL_KIND, method, input }));
  }
  return {
    call,
    isOpen: async () => true,
    async close() {
      // Firefox's background page owns the worker and goes away with it.
    },
  };
}

/** The offscreen route where the API exists (Chrome), the background page's own worker elsewhere. */
export const hostRunsOffscreen = (): boolean => offscreenApi !== undefined;
