/**
 * The typed client extension pages use to reach the background (src/shared/background-api.ts).
 * It touches the extension runtime only when called, so a page's unit test can hand in its own
 * transport or a fake `chrome.runtime`.
 */
import type { BackgroundApi, JobsPortMessage } from './background-api';
import { JOBS_PORT_NAME } from './background-api';
import { API_MESSAGE_KIND, API_METHODS, errorFromPayload } from './api-messages';
import type { ApiMethod, ApiRequest, ApiResponse } from './api-messages';

/** Sends one request to the background and resolves with its answer. */
export type ApiTransport = (request: ApiRequest) => Promise<ApiResponse | undefined>;

interface RuntimePort {
  onMessage: { addListener(listener: (message: unknown) => void): void };
  onDisconnect: { addListener(listener: () => void): void };
  disconnect(): void;
}

interface MinimalRuntime {
  sendMessage(message: unknown): Promise<unknown>;
  connect(info: { name: string }): RuntimePort;
}

interface MinimalDownloads {
  open(downloadId: number): Promise<void> | void;
}

type ExtensionScope = { runtime?: MinimalRuntime; downloads?: MinimalDownloads };

/** Firefox's `browser` first, then Chrome's `chrome`: both return promises in MV3. */
function extensionApi(): ExtensionScope | undefined {
  const scope = globalThis as unknown as { browser?: ExtensionScope; chrome?: ExtensionScope };
  return scope.browser?.runtime ? scope.browser : scope.chrome;
}

function runtime(): MinimalRuntime {
  const found = extensionApi()?.runtime;
  if (!found) throw new Error('The extension runtime is not available here.');
  return found;
}

const runtimeTransport: ApiTransport = async (request) =>
  (await runtime().sendMessage(request)) as ApiResponse | undefined;

export function createBackgroundClient(transport: ApiTransport = runtimeTransport): BackgroundApi {
  const call = async (method: ApiMethod, input?: unknown): Promise<unknown> => {
    const request: ApiRequest = { kind: API_MESSAGE_KIND, method, input };
    const response = await transport(request);
    if (!response) throw new Error(`The background did not answer ${method}.`);
    if (!response.ok) throw errorFromPayload(response.error);
    return response.value;
  };
  const client: Record<string, (input?: unknown) => Promise<unknown>> = {};
  for (const method of API_METHODS) client[method] = (input?: unknown) => call(method, input);
  // "Open" calls downloads.open here, in the page the person clicked: Chrome requires a user
  // gesture for it, and a message to the background does not carry one.
  client.openFile = async (input?: unknown) => {
    const { id, fileIndex, reveal } = input as { id: string; fileIndex: number; reveal: boolean };
    const downloads = transport === runtimeTransport ? extensionApi()?.downloads : undefined;
    if (reveal || !downloads) return call('openFile', input);
    const downloadId = (await call('savedDownloadId', { id, fileIndex })) as number | null;
    if (downloadId === null) return call('openFile', input);
    await downloads.open(downloadId);
    return null;
  };
  return client as unknown as BackgroundApi;
}

/**
 * Live job updates: a snapshot first, then every change. Reconnects when the background restarts
 * (a stopped service worker drops the port). Returns a function that stops listening.
 */
export function connectJobs(onMessage: (message: JobsPortMessage) => void): () => void {
  let stopped = false;
  let port: RuntimePort | null = null;
  const open = (): void => {
    if (stopped) return;
    port = runtime().connect({ name: JOBS_PORT_NAME });
    port.onMessage.addListener((message) => onMessage(message as JobsPortMessage));
    port.onDisconnect.addListener(() => {
      port = null;
      // The worker went away; connecting wakes it and brings a fresh snapshot.
      if (!stopped) setTimeout(open, 250);
    });
  };
  open();
  return () => {
    stopped = true;
    port?.disconnect();
    port = null;
  };
}
