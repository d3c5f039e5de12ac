/**
 * Sites the browser does not let WebBITS reach (Firefox: the person withdrew the extension's site
 * access; Chrome: site access limited in the extensions page). A job with a file still to fetch
 * from such a site does not retry in vain: it waits in ERROR with `E_ACCESSDENIED`, and resumes by
 * itself once access is granted again (the background tells the engine, background/site-access.ts).
 * Pure.
 */
import type { FileRecord } from '../ports';
import type { JobError } from '../types';
import { fileLabel } from './job-completion';

/** HRESULT E_ACCESSDENIED: not a BITS code; WebBITS adds it (+). */
export const SITE_ACCESS_CODE = 'E_ACCESSDENIED';
export const SITE_ACCESS_HRESULT = 0x80070005;

/** `scheme://host:port` of an http(s) URL, or null. */
export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : null;
  } catch {
    return null;
  }
}

/** The first file still to fetch from a blocked origin, or null. */
export function blockedFile(
  files: readonly Pick<FileRecord, 'url' | 'completed' | 'index' | 'name'>[],
  blocked: ReadonlySet<string>,
): Pick<FileRecord, 'url' | 'completed' | 'index' | 'name'> | null {
  if (blocked.size === 0) return null;
  return files.find((file) => !file.completed && blocked.has(originOf(file.url) ?? '')) ?? null;
}

export function siteAccessError(file: Pick<FileRecord, 'url' | 'index' | 'name'>): JobError {
  const host = (() => {
    try {
      return new URL(file.url).host;
    } catch {
      return file.url;
    }
  })();
  return {
    code: SITE_ACCESS_CODE,
    hresult: SITE_ACCESS_HRESULT,
    context: 'remote-file',
    message:
      `${fileLabel(file)}: the browser does not let WebBITS reach ${host}. ` +
      'Grant access in the WebBITS popup or options page; the download then goes on.',
    fileIndex: file.index,
    httpStatus: null,
  };
}
