/**
 * The background's side of BackgroundApi (src/shared/background-api.ts): what the popup, options,
 * picker and consent pages ask for, on top of the engine. Extension pages see every job (scope '*');
 * downloads they add are owned by "user" and start at once.
 */
import type { JobManager } from '../engine/ports';
import { USER_OWNER, type JobInfo, type JobState } from '../engine/types';
import type { ExtensionSettings } from '../shared/extension-settings';
import type { BackgroundApi, LinkCandidate } from '../shared/background-api';
import type { StorageMode } from '../shared/engine-host-api';
import type { Consent } from './consent';
import { displayNameFromUrl } from './download-name';
import { referrerFor } from './referrer';
import type { SitesStore } from './sites';

const ALL = '*';
const PAUSABLE: readonly JobState[] = ['QUEUED', 'CONNECTING', 'TRANSFERRING', 'TRANSIENT_ERROR'];

export interface BackgroundServiceDeps {
  engine: JobManager;
  getSettings(): Promise<ExtensionSettings>;
  /** Stores a checked patch and applies it to the engine; returns the full settings. */
  setSettings(patch: Partial<ExtensionSettings>): Promise<ExtensionSettings>;
  sites: SitesStore;
  consent: Consent;
  pickerLinks(pickerId: string): Promise<LinkCandidate[]>;
  /** The page the picker's links were collected from, if it is known. */
  pickerPage(pickerId: string): Promise<string | null>;
  /**
   * Before a new job is resumed: the browser's rules for its Referer are in place
   * (referrer-sync.ts), and the engine knows whether its site may be reached (site-access.ts).
   */
  beforeStart(job: JobInfo): Promise<void>;
  /** downloads.open / downloads.show for a saved file. */
  openSavedFile(jobId: string, fileIndex: number, reveal: boolean): Promise<void>;
  savedDownloadId(jobId: string, fileIndex: number): Promise<number | null>;
  /** Where the engine host keeps jobs this run. */
  storage(): StorageMode;
  /** Checks site access again (site-access.ts): the blocked origins. */
  siteAccess(): Promise<string[]>;
  /** The Cookie header the browser would send to `url`, for a hand-off to aria2 (or null). */
  cookieHeader(url: string): Promise<string | null>;
  /** "Test connection" with the saved address and secret. */
  testAria2(settings: ExtensionSettings): Promise<{ version: string }>;
}

export function createBackgroundService(deps: BackgroundServiceDeps): BackgroundApi {
  const { engine } = deps;

  const addDownload: BackgroundApi['addDownload'] = async ({ url, priority, name, referrer }) => {
    const settings = await deps.getSettings();
    const job = await engine.createJob(USER_OWNER, {
      displayName: name ?? displayNameFromUrl(url),
      priority: priority ?? 'normal',
      files: [name ? { url, name } : { url }],
      minimumRetryDelay: settings.userRetryDelay,
      ...(referrer ? { referrer } : {}),
    });
    await deps.beforeStart(job);
    if (settings.aria2Send === 'start' && settings.aria2Address !== '') {
      try {
        return await handOff(job);
      } catch (error) {
        // aria2 is down or refuses it: the browser downloads it instead (docs/aria2.md).
        console.warn(`WebBITS could not send ${url} to aria2; it downloads in the browser`, error);
      }
    }
    return engine.resume(ALL, job.id);
  };

  /** The browser's cookies go along once, in the addUri call to the configured address. */
  const handOff = async (job: JobInfo): Promise<JobInfo> => {
    const cookies = await Promise.all(job.files.map((file) => deps.cookieHeader(file.url)));
    return engine.handOff(ALL, job.id, { cookies });
  };

  /** Applies `action` to every job it fits, ignoring jobs that changed state meanwhile. */
  const forEachJob = async (fits: (job: JobInfo) => boolean, action: (id: string) => Promise<unknown>) => {
    const jobs = engine.listJobs(ALL).filter(fits);
    await Promise.all(jobs.map((job) => action(job.id).catch(() => undefined)));
  };

  return {
    listJobs: async () => engine.listJobs(ALL),
    addDownload,
    async addDownloads({ urls, priority, pickerId }) {
      const page = pickerId === undefined ? null : await deps.pickerPage(pickerId);
      const jobs: JobInfo[] = [];
      for (const url of urls) {
        const referrer = referrerFor(page, url);
        jobs.push(
          await addDownload({ url, ...(priority ? { priority } : {}), ...(referrer ? { referrer } : {}) }),
        );
      }
      return jobs;
    },
    resume: ({ id }) => engine.resume(ALL, id),
    suspend: ({ id }) => engine.suspend(ALL, id),
    cancel: ({ id }) => engine.cancel(ALL, id),
    complete: ({ id }) => engine.complete(ALL, id),
    setPriority: ({ id, priority }) => engine.setPriority(ALL, id, priority),
    setFileUrl: ({ id, fileIndex, url }) => engine.setFileUrl(ALL, id, fileIndex, url),
    remove: ({ id }) => engine.removeJob(ALL, id),
    pauseAll: () =>
      forEachJob(
        (job) => PAUSABLE.includes(job.state),
        (id) => engine.suspend(ALL, id),
      ),
    resumeAll: () =>
      forEachJob(
        (job) => job.state === 'SUSPENDED',
        (id) => engine.resume(ALL, id),
      ),
    clearFinished: () => engine.clearFinished(ALL),
    async openFile({ id, fileIndex, reveal }) {
      const job = engine.getJob(ALL, id);
      if (!job.files[fileIndex]?.localPath)
        throw new Error(`File ${fileIndex} of ${job.displayName} is not saved yet.`);
      await deps.openSavedFile(id, fileIndex, reveal);
    },
    async savedDownloadId({ id, fileIndex }) {
      engine.getJob(ALL, id);
      return deps.savedDownloadId(id, fileIndex);
    },
    getSettings: () => deps.getSettings(),
    setSettings: (patch) => deps.setSettings(patch),
    listSites: () => deps.sites.list(),
    setSite: ({ origin, decision }) => deps.sites.set(origin, decision),
    getPickerLinks: ({ pickerId }) => deps.pickerLinks(pickerId),
    answerConsent: ({ promptId, decision }) => deps.consent.answer(promptId, decision),
    getConsentPrompt: ({ promptId }) => deps.consent.getPrompt(promptId),
    getStatus: async () => ({ storage: deps.storage() }),
    getSiteAccess: async () => ({ blocked: await deps.siteAccess() }),
    async sendToAria2({ id }) {
      const settings = await deps.getSettings();
      if (settings.aria2Send === 'never' || settings.aria2Address === '') {
        throw new Error('aria2 is off: set "aria2 RPC address" and "Send to aria2" in the options');
      }
      return handOff(engine.getJob(ALL, id));
    },
    testAria2: async () => deps.testAria2(await deps.getSettings()),
  };
}
