/**
 * One start of the background: read the settings, reach the engine host (Chrome: through the
 * offscreen document; Firefox: the background page's own worker), take its snapshot, then wire
 * badge, notifications, keep-alive and alarms to its events. The engine itself runs in the host.
 */
import { browser, declarativeNetRequestApi, powerApi } from '../platform/browser';
import type { JobInfo, JobState } from '../engine/types';
import type { BackgroundApi } from '../shared/background-api';
import type { SaveRequestMessage } from '../shared/engine-host-api';
import { createBackgroundService } from './background-service';
import { badgeText } from './badge';
import { createConsent, type Consent } from './consent';
import type { DownloadWatcher } from './download-watcher';
import { saveUrl } from './downloads-saver';
import { countCalls } from './counted-host-link';
import { hostRunsOffscreen, offscreenHostLink, workerHostLink, type HostLink } from './engine-host-link';
import { createKeepAlive, type KeepAlive } from './keep-alive';
import { notificationFor, type NotificationKind, type NotificationPlan } from './notifications';
import { collectPageLinks, sanitiseLinks } from './page-links';
import { createRemoteEngine, type RemoteEngine } from './remote-engine';
import { createSavedDownloads, type SavedDownloadsStore } from './saved-downloads';
import { createReferrerSync, type DynamicRulesPort, type ReferrerSync } from './referrer-sync';
import { sessionRecords } from './session-records';
import { createSiteAccess, type PermissionsPort, type SiteAccess } from './site-access';
import { createBrowserTakeover, type BrowserTakeover } from './takeover/browser-takeover';
import type { RequestLog } from './takeover/request-log';
import { loadSettings, saveSettings } from './settings';
import { engineSettings, takeoverSettings, type ExtensionSettings } from '../shared/extension-settings';
import { createSitesStore } from './sites';
import { cookieHeaderFor, type CookiesPort } from './aria2/cookie-header';
import { testAria2Connection } from './aria2/test-connection';
import type { LinkCandidate } from '../shared/background-api';

export const ALARM_NAMES = {
  /** The engine's next timer (retry, time slice), surviving the host. */
  wake: 'webbits-wake',
  /** Every 30 s while transfers run: starts the host again if Chrome closed it mid-transfer. */
  heartbeat: 'webbits-heartbeat',
} as const;

/** How long the host may sit idle before its document is closed (Chrome). */
const HOST_IDLE_CLOSE_MS = 15_000;

export interface BackgroundRuntime {
  engine: RemoteEngine;
  link: HostLink;
  keepAlive: KeepAlive;
  /** Pings (no keep-awake) while the host follows downloads handed to aria2 (Firefox). */
  followKeepAlive: KeepAlive;
  service: BackgroundApi;
  consent: Consent;
  /** A save the host asks for: the file behind a blob: URL its document made. */
  save(request: SaveRequestMessage): Promise<{ localPath: string }>;
  /** The host's context may have gone (its port closed, or the heartbeat): start it again if needed. */
  checkHost(): Promise<void>;
  openPicker(tabId: number): Promise<void>;
  onNotificationClicked(target: { kind: NotificationKind; jobId: string }): Promise<void>;
  /** The options changed in storage (maybe by another page): what the background reads itself. */
  settingsChanged(settings: ExtensionSettings): void;
  /** Downloads the browser starts (ui.md, "Take over the browser's downloads"). */
  takeover: BrowserTakeover;
  /** The person granted or withdrew site access (permissions.onAdded / onRemoved). */
  siteAccess: SiteAccess;
}

export async function startBackground({
  watcher,
  requests,
}: {
  watcher: DownloadWatcher;
  /** Requests tabs made, recorded from the first moment (main.ts). */
  requests: RequestLog;
}): Promise<BackgroundRuntime> {
  const local = browser.storage.local;
  const session = browser.storage.session;
  const savedDownloads = createSavedDownloads(local);
  const keepAlive = createKeepAlive({
    ping: () => browser.runtime.getPlatformInfo(),
    setInterval: (fn, ms) => setInterval(fn, ms),
    clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
    keepAwake: () => powerApi?.requestKeepAwake('system'),
    releaseKeepAwake: () => powerApi?.releaseKeepAwake(),
  });
  // Firefox: the engine host is the background page's own worker, so while it follows downloads
  // handed to aria2 the page must not idle out; pings only, no keep-awake (aria2 does the work, and
  // the laptop may sleep). Chrome's host lives in the offscreen document, whose events wake the
  // service worker: nothing to keep there.
  const followKeepAlive = createKeepAlive({
    ping: () => browser.runtime.getPlatformInfo(),
    setInterval: (fn, ms) => setInterval(fn, ms),
    clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
  });
  const setFollowing = (following: boolean): void => {
    if (!hostRunsOffscreen()) followKeepAlive.setActive(following);
  };
  const saveNames = new Map<string, string>();
  const saverDeps = { downloads: browser.downloads, watcher, saved: savedDownloads, names: saveNames };
  let savesInFlight = 0;
  let hostActive = false;
  const save = async (request: SaveRequestMessage): Promise<{ localPath: string }> => {
    savesInFlight += 1;
    keepAlive.setActive(true);
    try {
      return await saveUrl(saverDeps, request);
    } finally {
      savesInFlight -= 1;
      keepAlive.setActive(hostActive || savesInFlight > 0);
    }
  };

  let engine: RemoteEngine | null = null;
  const hostLink: HostLink = hostRunsOffscreen()
    ? offscreenHostLink()
    : workerHostLink({ onEvent: (event) => engine?.deliver(event), save });
  // A call may outlast every job: staging a page's 1 GiB Blob runs while no job exists yet.
  const link = countCalls(hostLink, () => closeWhenIdle());

  // Chrome: an idle host's document is closed, so that nothing stays open while no job runs.
  let idleTimer: ReturnType<typeof setTimeout> | null = null;
  const closeWhenIdle = (): void => {
    if (idleTimer !== null) clearTimeout(idleTimer);
    idleTimer = null;
    if (!hostRunsOffscreen() || hostActive) return;
    idleTimer = setTimeout(() => {
      idleTimer = null;
      if (!hostActive && savesInFlight === 0 && link.inFlight() === 0 && engine && !engine.needsHost())
        void link.close();
    }, HOST_IDLE_CLOSE_MS);
  };

  const settings = await loadSettings(local);
  let currentSettings = settings;
  engine = createRemoteEngine(
    link,
    {
      onActiveChange(active) {
        hostActive = active;
        keepAlive.setActive(active || savesInFlight > 0);
        if (active) void browser.alarms.create(ALARM_NAMES.heartbeat, { periodInMinutes: 0.5 });
        else void browser.alarms.clear(ALARM_NAMES.heartbeat);
        closeWhenIdle();
      },
      onWakeAt(at) {
        if (at === null) void browser.alarms.clear(ALARM_NAMES.wake);
        else void browser.alarms.create(ALARM_NAMES.wake, { when: Math.max(at, Date.now() + 1000) });
      },
      onFollowingChange: setFollowing,
    },
    engineSettings(settings),
  );
  await engine.start();
  const remoteEngine = engine;
  // A background started again mid-transfer hears `active` only at the next change: take it from
  // the snapshot, so that keep-alive and keep-awake hold from now on.
  if (engine.listJobs('*').some((job) => job.state === 'CONNECTING' || job.state === 'TRANSFERRING')) {
    hostActive = true;
    keepAlive.setActive(true);
  }
  if (
    engine.listJobs('*').some((job) => job.aria2 && (job.state === 'QUEUED' || job.state === 'TRANSFERRING'))
  ) {
    setFollowing(true);
  }
  closeWhenIdle();

  const referrers = createReferrerSync({
    rules: declarativeNetRequestApi() as DynamicRulesPort | undefined,
    initiatorDomain: new URL(browser.runtime.getURL('/')).host,
    jobs: () => remoteEngine.listJobs('*'),
    onError: (error) => console.warn('WebBITS could not update the Referer rules', error),
  });
  // Jobs that ended while the background was away leave rules behind.
  void referrers.sync();
  const siteAccess = createSiteAccess({
    permissions: browser.permissions as PermissionsPort | undefined,
    jobs: () => remoteEngine.listJobs('*'),
    setBlocked: (origins) => remoteEngine.setBlockedOrigins(origins),
  });
  void siteAccess.check();

  const sites = createSitesStore(local, () => Date.now());
  const consent = createConsent({
    session,
    sites,
    newId: () => crypto.randomUUID(),
    async openPrompt(promptId) {
      const url = browser.runtime.getURL(`consent.html?promptId=${encodeURIComponent(promptId)}`);
      const window = await browser.windows?.create({ url, type: 'popup', width: 420, height: 260 });
      return window?.id;
    },
  });
  const pickers = sessionRecords<LinkCandidate[]>(session, 'picker');
  const pickerPages = sessionRecords<string>(session, 'picker-page');

  const openSavedFile = async (jobId: string, fileIndex: number, reveal: boolean): Promise<void> => {
    const downloadId = await savedDownloads.find(jobId, fileIndex);
    if (downloadId === null) {
      await browser.downloads.showDefaultFolder();
      return;
    }
    if (reveal) await browser.downloads.show(downloadId);
    else await browser.downloads.open(downloadId);
  };

  const service = createBackgroundService({
    engine,
    getSettings: () => loadSettings(local),
    async setSettings(patch) {
      const next = await saveSettings(local, patch);
      engine.updateSettings(engineSettings(next));
      currentSettings = next;
      return next;
    },
    sites,
    consent,
    pickerLinks: async (pickerId) => (await pickers.get(pickerId)) ?? [],
    pickerPage: (pickerId) => pickerPages.get(pickerId),
    async beforeStart() {
      await Promise.all([referrers.sync(), siteAccess.check()]);
    },
    siteAccess: () => siteAccess.check(),
    openSavedFile,
    savedDownloadId: (jobId, fileIndex) => savedDownloads.find(jobId, fileIndex),
    storage: () => remoteEngine.storage(),
    cookieHeader: (url) => cookieHeaderFor(browser.cookies as CookiesPort | undefined, url),
    testAria2: (current) =>
      testAria2Connection(
        { address: current.aria2Address, secret: current.aria2Secret },
        {
          fetch: (url, init) => fetch(url, init),
          WebSocket,
          timers: {
            setTimeout: (fn, ms) => setTimeout(fn, ms),
            clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
          },
        },
      ),
  });

  const takeover = createBrowserTakeover({
    requests,
    settings: () => takeoverSettings(currentSettings),
    addDownload: (input) => service.addDownload(input),
    show: showNotification,
    session,
    saveNames,
  });

  watchJobs(engine, { referrers, takeover, siteAccess, savedDownloads });

  const remote = remoteEngine;
  return {
    engine: remote,
    link,
    keepAlive,
    followKeepAlive,
    service,
    consent,
    save,
    takeover,
    siteAccess,
    settingsChanged(next) {
      currentSettings = next;
    },
    async checkHost() {
      if (remote.needsHost() && !(await link.isOpen())) await remote.reconnect();
    },
    async openPicker(tabId) {
      const results = await browser.scripting.executeScript({ target: { tabId }, func: collectPageLinks });
      const pickerId = crypto.randomUUID();
      await pickers.put(pickerId, sanitiseLinks(results[0]?.result));
      // The page the links came from: their downloads' Referer.
      const pageUrl = (await browser.tabs.get(tabId).catch(() => null))?.url;
      if (pageUrl) await pickerPages.put(pickerId, pageUrl);
      const url = browser.runtime.getURL(`picker.html?pickerId=${encodeURIComponent(pickerId)}`);
      if (browser.windows) await browser.windows.create({ url, type: 'popup', width: 560, height: 640 });
      else await browser.tabs.create({ url });
    },
    async onNotificationClicked({ kind, jobId }) {
      if (kind === 'saved') {
        const job = engine.listJobs('*').find((candidate) => candidate.id === jobId);
        const fileIndex = job?.files.findIndex((file) => file.localPath) ?? -1;
        if (fileIndex >= 0) await openSavedFile(jobId, fileIndex, true);
        return;
      }
      if (kind === 'takeover') {
        await takeover.noticeClicked(jobId);
        return;
      }
      await browser.action
        .openPopup()
        .catch(() => browser.tabs.create({ url: browser.runtime.getURL('popup.html') }));
    },
  };
}

/** Badge, notifications, the Referer rules and the saved files' downloads follow the engine's events. */
function watchJobs(
  engine: RemoteEngine,
  {
    referrers,
    takeover,
    siteAccess,
    savedDownloads,
  }: {
    referrers: ReferrerSync;
    takeover: BrowserTakeover;
    siteAccess: SiteAccess;
    savedDownloads: SavedDownloadsStore;
  },
): void {
  const lastState = new Map<string, JobState>(engine.listJobs('*').map((job) => [job.id, job.state]));
  let badge: string | null = null;
  const refreshBadge = (): void => {
    const text = badgeText(engine.listJobs('*'));
    if (text === badge) return;
    badge = text;
    void browser.action.setBadgeText({ text });
  };
  void browser.action.setBadgeBackgroundColor({ color: '#1f6fd6' });
  refreshBadge();
  engine.subscribe((job: JobInfo, kind) => {
    if (kind === 'progress') return;
    if (job.referrer) void referrers.sync();
    // A page's job comes without the background's beforeStart: check its site now.
    if (kind === 'created') void siteAccess.check();
    if (kind === 'removed') {
      lastState.delete(job.id);
      void savedDownloads.forget(job.id, job.progress.filesTotal).catch(() => undefined);
    } else {
      const plan = notificationFor(lastState.get(job.id), job, takeover.tookOver(job.id));
      lastState.set(job.id, job.state);
      if (plan?.kind === 'takeover') void takeover.notice(plan);
      else if (plan) void showNotification(plan);
    }
    refreshBadge();
  });
}

async function showNotification(plan: NotificationPlan): Promise<void> {
  const title = browser.i18n.getMessage('extName') || 'WebBITS';
  const message =
    plan.kind === 'saved'
      ? browser.i18n.getMessage('notificationSaved', [plan.text]) || `Saved ${plan.text}`
      : plan.kind === 'uploaded'
        ? browser.i18n.getMessage('notificationUploaded', [plan.text]) || `Uploaded ${plan.text}`
        : plan.kind === 'takeover'
          ? browser.i18n.getMessage('notificationTakeoverFailed', [plan.text, plan.url ?? '']) ||
            `WebBITS could not take over ${plan.url ?? 'a download'}: ${plan.text}`
          : plan.text;
  await browser.notifications.create(plan.id, {
    type: 'basic',
    iconUrl: browser.runtime.getURL('icons/icon-128.png'),
    title,
    message,
  });
}
