/**
 * Where a finished file lands under the browser's Downloads folder (files-on-disk.md "Where a
 * file lands", wmp-convention.md "Library layout"). Every component goes through safe-name.
 */
import { filenameFromContentDisposition } from './content-disposition';
import { extensionForContentType, extensionOf } from './media-types';
import { isBlankComponent, joinSafePath, sanitizeComponent } from './safe-name';
import type { WmpInfo } from '../types';

/** What is known about one file once its response has arrived. */
export interface SavedFileFacts {
  /** The name the caller gave (FileSpec.name), if any. */
  name: string | null;
  url: string;
  /** The URL after redirects; null when not known yet (then `url` stands in). */
  finalUrl: string | null;
  contentDisposition: string | null;
  contentType: string | null;
}

export interface SavePathInput {
  /** The options' download folder; '' = Downloads itself. */
  downloadFolder: string;
  displayName: string;
  wmp: WmpInfo | null;
  fileCount: number;
  file: SavedFileFacts;
}

export const FALLBACK_FILE_NAME = 'download';
export const UNKNOWN_ARTIST = 'Unknown Artist';
export const UNKNOWN_ALBUM = 'Unknown Album';
export const FALLBACK_EXTENSION = 'bin';

/**
 * The file's `<name>`, already safe: its given name, else the Content-Disposition filename,
 * else the final URL's last path segment percent-decoded, else `download`; with an extension
 * from Content-Type added when the name has none.
 */
export function fileNameFor(file: SavedFileFacts): string {
  const chosen =
    nonBlank(file.name) ??
    nonBlank(filenameFromContentDisposition(file.contentDisposition)) ??
    nonBlank(urlFileName(file.finalUrl ?? file.url)) ??
    FALLBACK_FILE_NAME;
  const name = sanitizeComponent(chosen);
  if (extensionOf(name) !== null) return name;
  const extension = extensionForContentType(file.contentType);
  return extension === null ? name : sanitizeComponent(`${name}.${extension}`);
}

/** The path relative to Downloads, `/`-separated, for one file of a job. */
export function savePathFor(input: SavePathInput): string {
  const { wmp, file } = input;
  if (wmp?.kind === 'job') return joinSafePath(libraryComponents(wmp, file), input.downloadFolder);
  // A WMP_STATUS job holds one file and lands under its plain name.
  const name = fileNameFor(file);
  const components = wmp === null && input.fileCount > 1 ? [input.displayName, name] : [name];
  return joinSafePath(components, input.downloadFolder);
}

/** `<Provider>/<AlbumArtist>/<AlbumTitle>/<NN> <Title>.<ext>` */
function libraryComponents(wmp: WmpInfo, file: SavedFileFacts): string[] {
  const urlName = nonBlank(urlFileName(file.finalUrl ?? file.url));
  const extension =
    (urlName === null ? null : extensionOf(urlName)) ??
    extensionForContentType(file.contentType) ??
    FALLBACK_EXTENSION;
  const title = isBlankComponent(wmp.title) ? withoutExtension(urlName ?? FALLBACK_FILE_NAME) : wmp.title;
  const trackPrefix = wmp.trackNumber === null ? '' : `${String(wmp.trackNumber).padStart(2, '0')} `;
  // The stem is made safe on its own first, so a title of dots cannot eat the extension's dot.
  const stem = sanitizeComponent(trackPrefix + title);
  return [
    wmp.provider,
    isBlankComponent(wmp.albumArtist) ? UNKNOWN_ARTIST : wmp.albumArtist,
    isBlankComponent(wmp.albumTitle) ? UNKNOWN_ALBUM : wmp.albumTitle,
    `${stem}.${extension}`,
  ];
}

/** The last segment of the URL's path, percent-decoded (left as is where that fails); or null. */
export function urlFileName(url: string): string | null {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return null;
  }
  const segment = path.slice(path.lastIndexOf('/') + 1);
  if (segment === '') return null;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function withoutExtension(name: string): string {
  const extension = extensionOf(name);
  return extension === null ? name : name.slice(0, name.length - extension.length - 1);
}

function nonBlank(value: string | null): string | null {
  return value === null || isBlankComponent(value) ? null : value;
}
