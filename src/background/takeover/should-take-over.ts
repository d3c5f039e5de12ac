/**
 * Whether WebBITS takes over a download the browser started (ui.md, "Take over the browser's
 * downloads"). Pure: the browser's DownloadItem, the request that became it (request-log.ts) and
 * the settings in, a decision out. Never taken over: WebBITS's own saves and other extensions'
 * downloads, blob:/data: and anything not http(s), private windows, a download whose request was
 * not a GET (a form's POST cannot be asked for again) or was not seen at all, sites in "Never for
 * these sites", and files not larger than "Only files larger than (MB)" (an unknown size counts
 * as larger).
 */
import type { TakeoverSettings } from '../../shared/extension-settings';
import type { SeenRequest } from './request-log';

/** What the browsers' DownloadItem holds (Chrome and Firefox), as far as the decision needs it. */
export interface BrowserDownload {
  id: number;
  url: string;
  /** Chrome: after redirects. Firefox has `url` only. */
  finalUrl?: string;
  referrer?: string;
  /** Chrome: the name it chose (onDeterminingFilename) or ''; Firefox: the full path. */
  filename?: string;
  /** -1 (or 0 in Chrome) while unknown; Firefox does not know it when the download starts. */
  totalBytes?: number;
  byExtensionId?: string;
  incognito?: boolean;
  state?: string;
}

export type TakeoverRefusal =
  | 'off'
  | 'webbits'
  | 'another-extension'
  | 'not-http'
  | 'private'
  | 'not-in-progress'
  | 'not-seen'
  | 'not-get'
  | 'listed-site'
  | 'small';

export type TakeoverDecision =
  { take: true; url: string; bytes: number | null } | { take: false; why: TakeoverRefusal };

export const MIB = 1024 * 1024;

/** `host` is `site` or one of its subdomains. */
export function hostListed(host: string, sites: readonly string[]): boolean {
  const lower = host.toLowerCase().replace(/\.$/, '');
  return sites.some((site) => lower === site || lower.endsWith(`.${site}`));
}

function hostOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname;
  } catch {
    return null;
  }
}

const isHttp = (url: string): boolean => /^https?:\/\//i.test(url);

/** The size the browser knows, else what the response announced, else null (unknown). */
export function knownSize(download: BrowserDownload, request: SeenRequest | null): number | null {
  if (download.totalBytes !== undefined && download.totalBytes > 0) return download.totalBytes;
  return request?.contentLength ?? null;
}

export function shouldTakeOver(
  download: BrowserDownload,
  settings: TakeoverSettings,
  context: { extensionId: string; request: SeenRequest | null },
): TakeoverDecision {
  if (!settings.takeOver) return { take: false, why: 'off' };
  const url = download.finalUrl || download.url;
  // WebBITS saves through blob: URLs of its own origin; any extension's download is its own business.
  if (download.byExtensionId === context.extensionId) return { take: false, why: 'webbits' };
  if (download.byExtensionId) return { take: false, why: 'another-extension' };
  if (!isHttp(download.url) || !isHttp(url)) return { take: false, why: 'not-http' };
  // The job would run with the normal profile's cookies.
  if (download.incognito) return { take: false, why: 'private' };
  if (download.state !== undefined && download.state !== 'in_progress') {
    return { take: false, why: 'not-in-progress' };
  }
  if (!context.request) return { take: false, why: 'not-seen' };
  if (context.request.notGet) return { take: false, why: 'not-get' };
  const hosts = [hostOf(download.url), hostOf(url), hostOf(download.referrer)];
  if (hosts.some((host) => host !== null && hostListed(host, settings.takeOverNeverSites))) {
    return { take: false, why: 'listed-site' };
  }
  const bytes = knownSize(download, context.request);
  if (bytes !== null && bytes <= settings.takeOverMinMB * MIB) return { take: false, why: 'small' };
  return { take: true, url, bytes };
}

/** The file name in the browser's path (either separator), or null. */
export function browserFileName(filename: string | undefined): string | null {
  const name = filename?.split(/[/\\]/).pop()?.trim() ?? '';
  return name === '' || name === '.' || name === '..' ? null : name;
}
