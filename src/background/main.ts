/**
 * The background: Chrome's service worker, Firefox's background page. Every listener is registered
 * synchronously here, before anything is awaited, so the event that woke the background is never
 * missed; each one then waits for `boot()`, which opens the store and lets the engine recover
 * (leases released, runnable jobs re-queued) on every start.
 */
import {
  browser,
  chromeDownloadsApi,
  type Downloads,
  type Menus,
  type Runtime,
  type Tabs,
  type WebRequest,
} from '../platform/browser';
import { RequestLog } from './takeover/request-log';
import { routeApiMessage, isExtensionPageSender } from './router';
import { JOBS_PORT_NAME } from '../shared/background-api';
import { DownloadWatcher } from './download-watcher';
import { serveJobsPort } from './jobs-port';
import { handleMenuClick, createMenus, MENU_FALLBACK_TITLES, MENU_TITLE_MESSAGES } from './context-menu';
import { SETTINGS_KEY, loadSettings, normaliseSettings } from './settings';
import { switchableListeners } from './takeover/switchable-listeners';
import { engineSettings } from '../shared/extension-settings';
import { startBackground, type BackgroundRuntime, ALARM_NAMES } from './start';
import { parseNotificationId } from './notifications';
import { badgeText } from './badge';
import { registerPageApi } from './page-api/register-page-api';
import { HOST_EVENT_KIND, HOST_PORT_NAME, HOST_SAVE_KIND, type HostMethod } from '../shared/engine-host-api';
import { parseHostEvent, parseSaveRequest } from '../shared/engine-host-schemas';

const watcher = new DownloadWatcher();
const requests = new RequestLog();
let booting: Promise<BackgroundRuntime> | null = null;

function boot(): Promise<BackgroundRuntime> {
  booting ??= startBackground({ watcher, requests }).catch((error: unknown) => {
    booting = null;
    console.error('WebBITS could not start', error);
    throw error;
  });
  return booting;
}

const extensionOrigin = new URL(browser.runtime.getURL('/')).origin;

const offscreenUrl = browser.runtime.getURL('offscreen.html');
const fromHostDocument = (sender: Runtime.MessageSender): boolean =>
  sender.id === browser.runtime.id && sender.url === offscreenUrl;

/** What the engine host (Chrome's offscreen document) sends: events, and saves it needs done. */
function routeHostMessage(message: unknown, sender: Runtime.MessageSender): Promise<unknown> | undefined {
  const kind = (message as { kind?: unknown } | null)?.kind;
  if (kind !== HOST_EVENT_KIND && kind !== HOST_SAVE_KIND) return undefined;
  if (!fromHostDocument(sender)) return undefined;
  if (kind === HOST_EVENT_KIND) {
    const event = parseHostEvent(message);
    if (event) void boot().then((runtime) => runtime.engine.deliver(event));
    return undefined;
  }
  const request = parseSaveRequest(message);
  if (!request) return Promise.resolve({ ok: false, message: 'Not a valid save request.' });
  return boot()
    .then((runtime) => runtime.save(request))
    .then(
      ({ localPath }) => ({ ok: true, localPath }),
      (error: unknown) => ({ ok: false, message: error instanceof Error ? error.message : String(error) }),
    );
}

browser.runtime.onMessage.addListener(
  (message: unknown, sender: Runtime.MessageSender) =>
    routeHostMessage(message, sender) ??
    routeApiMessage(message, sender, {
      runtimeId: browser.runtime.id,
      extensionOrigin,
      service: async () => (await boot()).service,
    }),
);

browser.runtime.onConnect.addListener((port) => {
  if (port.name === HOST_PORT_NAME && fromHostDocument(port.sender ?? {})) {
    // The host's document closed or crashed: start it again if a job still needs it.
    port.onDisconnect.addListener(() => void boot().then((runtime) => runtime.checkHost()));
    return;
  }
  if (port.name !== JOBS_PORT_NAME) return;
  if (!isExtensionPageSender(port.sender ?? {}, browser.runtime.id, extensionOrigin)) {
    port.disconnect();
    return;
  }
  serveJobsPort(
    port,
    boot().then((runtime) => runtime.engine),
  );
});

// Web pages' window.webbits and external.DownloadManager, through the content-script relay (and
// the bridge frame for a Blob).
registerPageApi(boot);

browser.alarms.onAlarm.addListener((alarm) => {
  // Waking is the point: booting recovers and re-arms the engine's own timers.
  if (alarm.name === ALARM_NAMES.wake) void boot();
  if (alarm.name !== ALARM_NAMES.heartbeat) return;
  void boot().then(async (runtime) => {
    await runtime.checkHost();
    // The host that set it may have died before saying the transfers ended.
    if (badgeText(runtime.engine.listJobs('*')) === '') void browser.alarms.clear(ALARM_NAMES.heartbeat);
  });
});

browser.downloads.onChanged.addListener(watcher.onChanged);

// Takeover (ui.md): the requests tabs make tell a download's method and size (takeover/request-log.ts).
const TAB_REQUESTS = {
  urls: ['http://*/*', 'https://*/*'],
  types: ['main_frame', 'sub_frame', 'other'] as WebRequest.ResourceType[],
};
// Chrome holds a download until this answers, so a fast one cannot finish before it is taken over;
// Firefox has no such event and reports the download as it starts.
const determiningFilename = chromeDownloadsApi?.onDeterminingFilename;
const onDeterminingFilename = (
  item: chrome.downloads.DownloadItem,
  suggest: (suggestion?: chrome.downloads.FilenameSuggestion) => void,
): boolean => {
  boot().then(
    (runtime) => runtime.takeover.onDeterminingFilename(item, suggest),
    () => suggest(),
  );
  return true;
};
const onDownloadCreated = (item: Downloads.DownloadItem): void => {
  void boot().then((runtime) => runtime.takeover.onCreated(item));
};
const takeoverListeners = switchableListeners([
  {
    add: () => browser.webRequest?.onBeforeRequest.addListener(requests.noteRequest, TAB_REQUESTS),
    remove: () => browser.webRequest?.onBeforeRequest.removeListener(requests.noteRequest),
  },
  {
    add: () =>
      browser.webRequest?.onHeadersReceived.addListener(requests.noteHeaders, TAB_REQUESTS, [
        'responseHeaders',
      ]),
    remove: () => browser.webRequest?.onHeadersReceived.removeListener(requests.noteHeaders),
  },
  determiningFilename
    ? {
        add: () => determiningFilename.addListener(onDeterminingFilename),
        remove: () => determiningFilename.removeListener(onDeterminingFilename),
      }
    : {
        add: () => browser.downloads.onCreated.addListener(onDownloadCreated),
        remove: () => browser.downloads.onCreated.removeListener(onDownloadCreated),
      },
]);
// On at every start (an event that woke the background must find its listener), then as the
// settings say.
takeoverListeners.set(true);
void loadSettings(browser.storage.local).then(
  (settings) => takeoverListeners.set(settings.takeOver),
  () => undefined,
);

browser.storage.onChanged.addListener((changes, area) => {
  const change = changes[SETTINGS_KEY];
  if (area !== 'local' || !change) return;
  const settings = normaliseSettings(change.newValue);
  takeoverListeners.set(settings.takeOver);
  void boot().then((runtime) => {
    runtime.engine.updateSettings(engineSettings(settings));
    runtime.settingsChanged(settings);
  });
});

/** The context menu's click handler; also reachable as `self.webbitsMenuClick` (end-to-end tests). */
async function onMenuClicked(info: Menus.OnClickData, tab: Tabs.Tab | undefined): Promise<void> {
  const runtime = await boot();
  await handleMenuClick(info, tab?.id, {
    addDownload: (input) => runtime.service.addDownload(input),
    openPicker: (tabId) => runtime.openPicker(tabId),
  });
}
(globalThis as { webbitsMenuClick?: typeof onMenuClicked }).webbitsMenuClick = onMenuClicked;

/**
 * Tests reach the engine host through the background as it does (build-and-test.md): list the
 * backing files, set a write quota; and ping more often than every 20 s while transfers run, for a
 * browser whose idle timeout the test made shorter. Not reachable from any page: only code running
 * in this background (or, on Firefox, an extension page through `runtime.getBackgroundPage()`)
 * can call it.
 */
const webbitsTest = {
  host: async (method: HostMethod, input?: unknown): Promise<unknown> =>
    (await boot()).engine.call(method, input as never),
  keepAliveIntervalMs: async (ms: number): Promise<void> => {
    const runtime = await boot();
    runtime.keepAlive.setIntervalMs(ms);
    runtime.followKeepAlive.setIntervalMs(ms);
  },
};
(globalThis as { webbitsTest?: typeof webbitsTest }).webbitsTest = webbitsTest;

browser.contextMenus.onClicked.addListener((info, tab) => {
  onMenuClicked(info, tab).catch((error: unknown) => console.error('WebBITS menu', error));
});

browser.notifications.onClicked.addListener((id) => {
  const parsed = parseNotificationId(id);
  if (!parsed) return;
  void browser.notifications.clear(id);
  void boot().then((runtime) => runtime.onNotificationClicked(parsed));
});

// Site access granted or withdrawn (Firefox: the person's choice per site): jobs wait or go on.
const recheckSiteAccess = (): void => void boot().then((runtime) => runtime.siteAccess.check());
browser.permissions?.onAdded.addListener(recheckSiteAccess);
browser.permissions?.onRemoved.addListener(recheckSiteAccess);

browser.windows?.onRemoved.addListener((windowId) => {
  void boot().then((runtime) => runtime.consent.onWindowClosed(windowId));
});

const installMenus = (): Promise<void> =>
  createMenus(
    browser.contextMenus,
    (id) => browser.i18n.getMessage(MENU_TITLE_MESSAGES[id]) || MENU_FALLBACK_TITLES[id],
  );
browser.runtime.onInstalled.addListener(() => void installMenus());
browser.runtime.onStartup.addListener(() => void installMenus());

void boot();
