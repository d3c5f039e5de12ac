/**
 * One start of the background: open the store, read the settings, create the engine with the
 * browser's ports, let it recover, then wire badge, notifications and keep-alive to its events.
 */
import { browser, powerApi } from '../platform/browser';
import { createEngine } from '../engine/jobs/engine';
import type { EnginePorts, JobManager } from '../engine/ports';
import type { JobInfo, JobState } from '../engine/types';
import type { BackgroundApi } from '../shared/background-api';
import { WebBitsDb } from '../store/db';
import { DexieJobStore } from '../store/dexie-store';
import { createBackgroundService } from './background-service';
import { badgeText } from './badge';
import { platformBlobUrls } from './blob-urls';
import { createConsent, type Consent } from './consent';
import type { DownloadWatcher } from './download-watcher';
import { createDownloadsSaver } from './downloads-saver';
import { createKeepAlive } from './keep-alive';
import { notificationFor, type NotificationKind, type NotificationPlan } from './notifications';
import { collectPageLinks, sanitiseLinks } from './page-links';
import { createSavedDownloads } from './saved-downloads';
import { sessionRecords } from './session-records';
import { loadSettings, saveSettings } from './settings';
import { createSitesStore } from './sites';
import type { LinkCandidate } from '../shared/background-api';

export const ALARM_NAMES = {
  /** The engine's next timer (retry, time slice), surviving the worker. */
  wake: 'webbits-wake',
  /** Every 30 s while transfers run: restarts a worker the browser stopped mid-transfer. */
  heartbeat: 'webbits-heartbeat',
} as const;

export interface BackgroundRuntime {
  engine: JobManager;
  service: BackgroundApi;
  consent: Consent;
  openPicker(tabId: number): Promise<void>;
  onNotificationClicked(target: { kind: NotificationKind; jobId: string }): Promise<void>;
}

function randomInt32(): number {
  const [value = 1] = crypto.getRandomValues(new Int32Array(1));
  return value === 0 ? 1 : value;
}

export async function startBackground({ watcher }: { watcher: DownloadWatcher }): Promise<BackgroundRuntime> {
  const local = browser.storage.local;
  const session = browser.storage.session;
  const store = new DexieJobStore(new WebBitsDb(), { chunkAsBlob: true });
  const savedDownloads = createSavedDownloads(local);
  const keepAlive = createKeepAlive({
    ping: () => browser.runtime.getPlatformInfo(),
    setInterval: (fn, ms) => setInterval(fn, ms),
    clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
    keepAwake: () => powerApi?.requestKeepAwake('system'),
    releaseKeepAwake: () => powerApi?.releaseKeepAwake(),
  });

  const ports: EnginePorts = {
    fetch: (url, init) => fetch(url, init),
    clock: { now: () => Date.now() },
    timers: {
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    },
    random: { uuid: () => crypto.randomUUID(), int32: randomInt32 },
    store,
    saver: createDownloadsSaver({
      downloads: browser.downloads,
      watcher,
      blobUrls: platformBlobUrls(store),
      saved: savedDownloads,
    }),
    onActiveChange(active) {
      keepAlive.setActive(active);
      if (active) void browser.alarms.create(ALARM_NAMES.heartbeat, { periodInMinutes: 0.5 });
      else void browser.alarms.clear(ALARM_NAMES.heartbeat);
    },
    onWakeAt(at) {
      if (at === null) void browser.alarms.clear(ALARM_NAMES.wake);
      else void browser.alarms.create(ALARM_NAMES.wake, { when: Math.max(at, Date.now() + 1000) });
    },
  };

  const settings = await loadSettings(local);
  const engine = createEngine(ports, { settings });
  await engine.start();

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
      engine.updateSettings(next);
      return next;
    },
    sites,
    consent,
    pickerLinks: async (pickerId) => (await pickers.get(pickerId)) ?? [],
    openSavedFile,
    savedDownloadId: (jobId, fileIndex) => savedDownloads.find(jobId, fileIndex),
  });

  watchJobs(engine);

  return {
    engine,
    service,
    consent,
    async openPicker(tabId) {
      const results = await browser.scripting.executeScript({ target: { tabId }, func: collectPageLinks });
      const pickerId = crypto.randomUUID();
      await pickers.put(pickerId, sanitiseLinks(results[0]?.result));
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
      await browser.action
        .openPopup()
        .catch(() => browser.tabs.create({ url: browser.runtime.getURL('popup.html') }));
    },
  };
}

/** Badge and notifications follow the engine's events. */
function watchJobs(engine: JobManager): void {
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
    if (kind === 'removed') lastState.delete(job.id);
    else {
      const plan = notificationFor(lastState.get(job.id), job);
      lastState.set(job.id, job.state);
      if (plan) void showNotification(plan);
    }
    refreshBadge();
  });
}

async function showNotification(plan: NotificationPlan): Promise<void> {
  const title = browser.i18n.getMessage('extName') || 'WebBITS';
  const message =
    plan.kind === 'saved'
      ? browser.i18n.getMessage('notificationSaved', [plan.text]) || `Saved ${plan.text}`
      : plan.text;
  await browser.notifications.create(plan.id, {
    type: 'basic',
    iconUrl: browser.runtime.getURL('icons/icon-128.png'),
    title,
    message,
  });
}
