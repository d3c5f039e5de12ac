/**
 * Takeover wired to the browser (take-over.ts has the logic): the downloads API, notifications for
 * a takeover that could not start, and Chrome's onDeterminingFilename, which also has to give
 * WebBITS's own saves their names back (Chrome ignores downloads.download's `filename` for an
 * extension that listens to that event).
 */
import { browser, type Downloads } from '../../platform/browser';
import type { JobInfo } from '../../engine/types';
import type { TakeoverSettings } from '../../shared/extension-settings';
import { takeoverNotification, type NotificationPlan } from '../notifications';
import { sessionRecords, type SessionArea } from '../session-records';
import type { RequestLog } from './request-log';
import type { BrowserDownload } from './should-take-over';
import { createTakeover } from './take-over';

/** How long a link the person gave back to the browser (from a notification) is left alone. */
const LEFT_TO_BROWSER_MS = 10 * 60_000;

export type Suggest = (suggestion?: { filename: string; conflictAction: 'uniquify' }) => void;

export interface BrowserTakeover {
  /** Firefox: downloads.onCreated. */
  onCreated(item: BrowserDownload): Promise<void>;
  /** Chrome: downloads.onDeterminingFilename; always calls `suggest` once. */
  onDeterminingFilename(item: BrowserDownload, suggest: Suggest): Promise<void>;
  /** Whether this job took over a browser download (its failure before any byte says so). */
  tookOver(jobId: string): boolean;
  /** Shows a takeover notice (notifications.ts), remembering its link for a click. */
  notice(plan: NotificationPlan): Promise<void>;
  /** The person clicked a takeover notice: the browser downloads the link itself. */
  noticeClicked(noticeId: string): Promise<void>;
}

export function createBrowserTakeover(deps: {
  requests: RequestLog;
  settings(): TakeoverSettings;
  addDownload(input: { url: string; name?: string; referrer?: string }): Promise<JobInfo>;
  show(plan: NotificationPlan): Promise<void>;
  session: SessionArea;
  /** blob: URL → path of WebBITS's saves in progress (downloads-saver.ts). */
  saveNames: ReadonlyMap<string, string>;
}): BrowserTakeover {
  const jobs = new Set<string>();
  const notices = sessionRecords<string>(deps.session, 'takeover-notice');
  const notice = async (plan: NotificationPlan): Promise<void> => {
    if (plan.url) await notices.put(plan.jobId, plan.url);
    await deps.show(plan);
  };
  const leftToBrowser = new Map<string, number>();
  const downloads = browser.downloads as Downloads.Static;

  const takeover = createTakeover({
    settings: deps.settings,
    extensionId: browser.runtime.id,
    requests: deps.requests,
    downloads: {
      cancel: (id) => downloads.cancel(id),
      erase: (query) => downloads.erase(query),
      search: (query) => downloads.search(query),
      removeFile: (id) => downloads.removeFile(id),
    },
    async addDownload(input) {
      const job = await deps.addDownload(input);
      jobs.add(job.id);
      return job;
    },
    failed(url, reason) {
      void notice(takeoverNotification(crypto.randomUUID(), url, reason));
    },
    leftToBrowser: (url) => (leftToBrowser.get(url) ?? 0) > Date.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  });

  const consider = (item: BrowserDownload) =>
    takeover.consider(item).catch((error: unknown) => {
      console.error('WebBITS could not take over a download', error);
    });

  return {
    async onCreated(item) {
      await consider(item);
    },
    async onDeterminingFilename(item, suggest) {
      const ownPath = deps.saveNames.get(item.url);
      if (ownPath !== undefined) {
        suggest({ filename: ownPath, conflictAction: 'uniquify' });
        return;
      }
      try {
        await consider(item);
      } finally {
        // A download taken over is cancelled already: the answer changes nothing for it.
        suggest();
      }
    },
    tookOver: (jobId) => jobs.has(jobId),
    notice,
    async noticeClicked(noticeId) {
      const url = (await notices.get(noticeId)) ?? null;
      if (url === null) return;
      leftToBrowser.set(url, Date.now() + LEFT_TO_BROWSER_MS);
      await browser.tabs.create({ url });
    },
  };
}
