/**
 * Taking over one download the browser started (ui.md): decide (should-take-over.ts), cancel and
 * erase the browser's download so that neither a second copy nor a partial file stays behind,
 * then make a "user" job with the same final URL, the page as Referer, the browser's cookies (a
 * "user" job sends them) and the name the browser chose. If the job cannot be made, the person is
 * told why, with the link.
 *
 * Chrome calls it from downloads.onDeterminingFilename, which holds the download back until
 * WebBITS answers, so a fast download cannot finish first; Firefox from downloads.onCreated, where
 * a download may already be complete: its file is then removed before it is erased.
 */
import type { JobInfo } from '../../engine/types';
import type { TakeoverSettings } from '../../shared/extension-settings';
import { referrerFor } from '../referrer';
import type { RequestLog, SeenRequest } from './request-log';
import {
  browserFileName,
  shouldTakeOver,
  type BrowserDownload,
  type TakeoverRefusal,
} from './should-take-over';

export interface TakeoverDownloadsPort {
  cancel(id: number): Promise<void>;
  erase(query: { id: number }): Promise<unknown>;
  search(query: { id: number }): Promise<Array<{ state?: string }>>;
  removeFile(id: number): Promise<void>;
}

export interface TakeoverDeps {
  settings(): TakeoverSettings | Promise<TakeoverSettings>;
  extensionId: string;
  requests: Pick<RequestLog, 'find'>;
  downloads: TakeoverDownloadsPort;
  addDownload(input: { url: string; name?: string; referrer?: string }): Promise<JobInfo>;
  /** The job could not be made: tell the person why, with the link. */
  failed(url: string, reason: string): void;
  /** A URL the person asked the browser itself to download (a failed takeover's link). */
  leftToBrowser(url: string): boolean;
  sleep(ms: number): Promise<void>;
}

export type TakeoverOutcome =
  { taken: false; why: TakeoverRefusal | 'left-to-browser' } | { taken: true; job: JobInfo | null };

/**
 * How long to wait for the request behind a download to be reported. Firefox may report a
 * download before its request (seen there: a form's POST came 40 ms after the download).
 */
export const REQUEST_WAIT_MS = 1500;
const POLL_MS = 50;

export function createTakeover(deps: TakeoverDeps): {
  consider(download: BrowserDownload): Promise<TakeoverOutcome>;
} {
  const urlsOf = (download: BrowserDownload) => [download.url, download.finalUrl];

  /** The request that became the download, once its response headers were seen (or the wait ended). */
  const seenRequest = async (download: BrowserDownload): Promise<SeenRequest | null> => {
    let found = deps.requests.find(urlsOf(download));
    for (let waited = 0; !found?.answered && waited < REQUEST_WAIT_MS; waited += POLL_MS) {
      await deps.sleep(POLL_MS);
      found = deps.requests.find(urlsOf(download));
    }
    return found;
  };

  /** The browser's download gone: cancelled (its partial file deleted) or its file removed, then erased. */
  const removeBrowserDownload = async (id: number): Promise<void> => {
    await deps.downloads.cancel(id).catch(() => undefined);
    const [now] = await deps.downloads.search({ id }).catch(() => []);
    if (now?.state === 'complete') await deps.downloads.removeFile(id).catch(() => undefined);
    await deps.downloads.erase({ id });
  };

  return {
    async consider(download) {
      const settings = await deps.settings();
      const extensionId = deps.extensionId;
      let decision = shouldTakeOver(download, settings, { extensionId, request: null });
      if (!decision.take && decision.why !== 'not-seen') return { taken: false, why: decision.why };
      decision = shouldTakeOver(download, settings, { extensionId, request: await seenRequest(download) });
      if (!decision.take) return { taken: false, why: decision.why };
      const { url } = decision;
      if (deps.leftToBrowser(url) || deps.leftToBrowser(download.url)) {
        return { taken: false, why: 'left-to-browser' };
      }
      await removeBrowserDownload(download.id);
      const name = browserFileName(download.filename);
      const referrer = referrerFor(download.referrer, url);
      try {
        const job = await deps.addDownload({
          url,
          ...(name ? { name } : {}),
          ...(referrer ? { referrer } : {}),
        });
        return { taken: true, job };
      } catch (error) {
        deps.failed(url, error instanceof Error ? error.message : String(error));
        return { taken: true, job: null };
      }
    },
  };
}
