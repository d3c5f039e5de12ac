/**
 * The aria2.addUri arguments for a file handed to aria2 (job-model.md "Hand-off to aria2"). Pure.
 * Everything here ends up in another program's HTTP requests and file system, so it is checked
 * again even where job validation already did.
 */
import { validateUrl } from '../jobs/job-validation';
import { sanitizeComponent } from '../naming/safe-name';
import { siteOf } from '../transfer/request-credentials';
import type { Aria2Options } from './aria2-client';

export interface HandOffFile {
  url: string;
  /** Other URLs of the same file (at most 8, http or https). */
  mirrors?: readonly string[];
  /** The Cookie header the browser would send for `url` ("a=1; b=2"), or null. */
  cookie?: string | null;
  referer?: string | null;
  /** The job's custom headers (already validated at creation). */
  headers?: Readonly<Record<string, string>>;
  fileName?: string | null;
  /** Hex sha256 of the whole file, when known. */
  sha256?: string | null;
  /** The connections setting. */
  connections: number;
}

export const MAX_MIRRORS = 8;
/** aria2 1.36 refuses max-connection-per-server above 16 ("problem while processing the option"). */
export const MAX_ARIA2_CONNECTIONS = 16;

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const BAD_HEADER_VALUE = /[\r\n\0]/;
const SHA256_HEX = /^[0-9a-fA-F]{64}$/;
/** Set from their own fields, so a second copy in `headers` would be a contradiction. */
const OWN_HEADERS = new Set(['cookie', 'referer']);

export function handOffOptions(file: HandOffFile): [uris: string[], options: Aria2Options] {
  const mirrors = file.mirrors ?? [];
  if (mirrors.length > MAX_MIRRORS) throw new TypeError(`mirrors: at most ${MAX_MIRRORS}`);
  // "uris is an array of ... URIs pointing to the same resource": the file first, then its mirrors.
  const url = validateUrl(file.url, 'url');
  const checked = mirrors.map((m, i) => validateUrl(m, `mirrors[${i}]`));
  // aria2 sends `header` to every URI of a download: with a cookie, a mirror on another site
  // would receive it, so only the file's own site's mirrors go along then.
  const carried = file.cookie ? checked.filter((m) => siteOf(m) === siteOf(url)) : checked;
  const uris = [...new Set([url, ...carried])];
  const options: Record<string, string | string[]> = {};

  const header = Object.entries(file.headers ?? {}).map(([name, value]) => {
    if (!HEADER_NAME.test(name)) throw new TypeError(`headers: "${name}" is not a header name`);
    if (OWN_HEADERS.has(name.toLowerCase())) throw new TypeError(`headers.${name}: given by its own field`);
    return `${name}: ${checkValue(value, `headers.${name}`)}`;
  });
  if (file.cookie) header.push(`Cookie: ${checkValue(file.cookie, 'cookie')}`);
  if (header.length > 0) options.header = header;

  // aria2's `referer` option, not a header: "*" would mean "the download URI", and a checked URL
  // can never be "*".
  if (file.referer) options.referer = validateUrl(file.referer, 'referer');
  // `out` "is always relative to the directory given in --dir", yet aria2 1.36 writes "../x" beside
  // that folder and "a/b" below it: one safe component keeps the file inside aria2's folder.
  if (file.fileName) options.out = sanitizeComponent(file.fileName);
  if (file.sha256) {
    if (!SHA256_HEX.test(file.sha256)) throw new TypeError('sha256: must be 64 hexadecimal digits');
    options.checksum = `sha-256=${file.sha256.toLowerCase()}`;
  }
  const connections = file.connections;
  if (!Number.isInteger(connections) || connections < 1 || connections > MAX_ARIA2_CONNECTIONS) {
    throw new TypeError(`connections: must be an integer from 1 to ${MAX_ARIA2_CONNECTIONS}`);
  }
  // Option values are strings ("the value element is the argument as a string").
  options.split = String(connections);
  options['max-connection-per-server'] = String(connections);
  return [uris, options];
}

/** A CR or LF would let a value start a header, or a request, of its own. */
function checkValue(value: string, field: string): string {
  if (BAD_HEADER_VALUE.test(value)) throw new TypeError(`${field}: must not contain CR, LF or NUL`);
  return value;
}
