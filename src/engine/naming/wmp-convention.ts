/**
 * The WMP BITS job convention (../shared/spec/wmp-convention.md): a store marks a job for the
 * media library through its description string, and reads the metadata back with getItemInfo.
 */
import type { WmpInfo } from '../types';

export type { WmpInfo } from '../types';

export const WMP_DESCRIPTION_MAX_CHARS = 1024;

const PREFIXES = { job: '::WMP_JOB:', status: '::WMP_STATUS:' } as const;

/** The 8 fields after the version, in order, by the names the spec (and error messages) use. */
const FIELD_NAMES = [
  'serviceId',
  'Provider',
  'AlbumArtist',
  'AlbumTitle',
  'TrackNumber',
  'Title',
  'Duration',
  'Rating',
] as const;

const INT32_MIN = -0x80000000;
const UINT32_MAX = 0xffffffff;

/**
 * Reads a job description. Returns null for plain text; throws TypeError, naming the field and
 * the problem, for a description that claims the convention (`::WMP_JOB:` / `::WMP_STATUS:`)
 * but does not follow it.
 */
export function parseWmpDescription(description: string): WmpInfo | null {
  const kind = description.startsWith(PREFIXES.job)
    ? 'job'
    : description.startsWith(PREFIXES.status)
      ? 'status'
      : null;
  if (kind === null) return null;
  const label = kind === 'job' ? 'WMP_JOB' : 'WMP_STATUS';
  const fail: (problem: string) => never = (problem) => {
    throw new TypeError(`description: ${label} ${problem}`);
  };

  if (description.length > WMP_DESCRIPTION_MAX_CHARS) {
    fail(`string is ${description.length} characters long; at most ${WMP_DESCRIPTION_MAX_CHARS} are allowed`);
  }
  const [version, ...fields] = description.slice(PREFIXES[kind].length).split(':');
  if (version !== '1') fail(`field version must be 1`);
  if (fields.length < FIELD_NAMES.length) {
    fail(
      `field ${FIELD_NAMES[fields.length]} is missing (${FIELD_NAMES.length} fields after the version expected)`,
    );
  }
  if (fields.length > FIELD_NAMES.length) {
    fail(
      `has ${fields.length} fields after the version, ${FIELD_NAMES.length} expected ` +
        `(${FIELD_NAMES.join(':')}); write a ':' inside a field as %3A`,
    );
  }
  const [serviceIdText, provider, albumArtist, albumTitle, trackText, title, durationText, ratingText] =
    fields as [string, string, string, string, string, string, string, string];

  const serviceId = parseServiceId(serviceIdText);
  if (serviceId === null) fail('field serviceId must be a non-zero 32-bit integer (decimal or 0x hex)');
  if (provider === '') fail('field Provider must not be empty');
  const trackNumber = parseOptionalInteger(trackText);
  if (trackNumber === undefined) fail('field TrackNumber must be an integer >= 0');
  const duration = parseOptionalDecimal(durationText);
  if (duration === undefined) fail('field Duration must be a number of seconds >= 0 (integer or decimal)');
  const rating = parseOptionalInteger(ratingText);
  if (rating === undefined || (rating !== null && rating > 99))
    fail('field Rating must be an integer from 0 to 99');

  return {
    kind,
    serviceId,
    provider: unescapeField(provider),
    albumArtist: unescapeField(albumArtist),
    albumTitle: unescapeField(albumTitle),
    trackNumber,
    title: unescapeField(title),
    duration,
    rating,
  };
}

/**
 * Writes the description for `info`; the inverse of parseWmpDescription. Its output is the
 * normal form of a valid description:
 * - text fields escape every `%` as `%25` and every `:` as `%3A` (upper case), nothing else;
 * - serviceId in signed decimal (`-1`, not `4294967295` or `0xFFFFFFFF`);
 * - TrackNumber and Rating in decimal without leading zeros; empty when null;
 * - Duration as the shortest decimal that reads back as the same number, never in exponent
 *   notation (`215.5`, not `215.50` or `2.155e2`); empty when null.
 * The 1024-character limit is not enforced here, so every valid description has a normal form;
 * normalising can lengthen one (a raw `%` becomes `%25`), and parse rejects a result over the limit.
 * Throws TypeError when a field of `info` is out of range.
 */
export function formatWmpDescription(info: WmpInfo): string {
  const fail: (problem: string) => never = (problem) => {
    throw new TypeError(`WmpInfo: ${problem}`);
  };
  if (info.kind !== 'job' && info.kind !== 'status') fail(`kind must be 'job' or 'status'`);
  if (!Number.isInteger(info.serviceId) || info.serviceId === 0 || (info.serviceId | 0) !== info.serviceId) {
    fail('serviceId must be a non-zero signed 32-bit integer');
  }
  if (info.provider === '') fail('provider must not be empty');
  if (info.trackNumber !== null && !(Number.isSafeInteger(info.trackNumber) && info.trackNumber >= 0)) {
    fail('trackNumber must be an integer >= 0 or null');
  }
  if (info.duration !== null && !(Number.isFinite(info.duration) && info.duration >= 0)) {
    fail('duration must be a finite number >= 0 or null');
  }
  if (info.rating !== null && !(Number.isInteger(info.rating) && info.rating >= 0 && info.rating <= 99)) {
    fail('rating must be an integer from 0 to 99 or null');
  }
  const fields = [
    String(info.serviceId),
    escapeField(info.provider),
    escapeField(info.albumArtist),
    escapeField(info.albumTitle),
    info.trackNumber === null ? '' : String(info.trackNumber),
    escapeField(info.title),
    info.duration === null ? '' : plainDecimal(info.duration),
    info.rating === null ? '' : String(info.rating),
  ];
  return `${PREFIXES[info.kind]}1:${fields.join(':')}`;
}

/** `getItemInfo(name)` of a download item (wmp-convention.md "Reading it back"). */
export function wmpItemInfo(info: WmpInfo | null, name: string): string {
  if (info === null) return '';
  switch (name) {
    case 'AlbumArtist':
      return info.albumArtist;
    case 'Album':
      return info.albumTitle;
    case 'Title':
      return info.title;
    case 'WM/TrackNumber':
      return info.trackNumber === null ? '' : String(info.trackNumber);
    case 'Duration':
      return info.duration === null ? '' : plainDecimal(info.duration);
    case 'UserRating':
      return info.rating === null ? '' : String(info.rating);
    case 'WM/Provider':
      return info.provider;
    default:
      return '';
  }
}

/** Decimal (signed or unsigned) or `0x` hex, any 32-bit value but 0, as a signed int32. */
function parseServiceId(text: string): number | null {
  let value: number;
  if (/^0[xX][0-9a-fA-F]+$/.test(text)) value = parseInt(text.slice(2), 16);
  else if (/^-?[0-9]+$/.test(text)) value = Number(text);
  else return null;
  if (!(value >= INT32_MIN && value <= UINT32_MAX) || value === 0) return null;
  return value | 0;
}

/** '' → null; digits → the number; anything else (or beyond 2^53) → undefined. */
function parseOptionalInteger(text: string): number | null | undefined {
  if (text === '') return null;
  if (!/^[0-9]+$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : undefined;
}

function parseOptionalDecimal(text: string): number | null | undefined {
  if (text === '') return null;
  if (!/^[0-9]+(\.[0-9]+)?$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** One left-to-right pass, so `%253A` reads as the text `%3A`, not as `:`. */
function unescapeField(text: string): string {
  return text.replace(/%3A|%25/gi, (escape) => (escape === '%25' ? '%' : ':'));
}

function escapeField(text: string): string {
  return text.replace(/[%:]/g, (char) => (char === '%' ? '%25' : '%3A'));
}

/**
 * The shortest decimal that reads back as `value` (JavaScript's own choice of digits), with the
 * exponent spelled out: 1e21 → '1000000000000000000000', 1e-7 → '0.0000001'.
 */
export function plainDecimal(value: number): string {
  const text = String(value);
  const match = /^(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!match) return text;
  const [, whole = '', fraction = '', exponent = '0'] = match;
  const digits = whole + fraction;
  const pointAt = whole.length + Number(exponent);
  if (pointAt <= 0) return `0.${'0'.repeat(-pointAt)}${digits}`;
  if (pointAt >= digits.length) return digits + '0'.repeat(pointAt - digits.length);
  return `${digits.slice(0, pointAt)}.${digits.slice(pointAt)}`;
}
