/** The synchronous checks of the WMP objects: a bad argument throws TypeError at once. */
import type { WmpItemType } from '../shared/page-protocol';

const MAX_URL_CHARS = 2200;

export function checkSourceUrl(value: unknown): string {
  if (typeof value !== 'string') throw new TypeError('sourceURL: must be a string');
  if (value.length > MAX_URL_CHARS)
    throw new TypeError(`sourceURL: the URL is longer than ${MAX_URL_CHARS} characters`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError('sourceURL: not a valid absolute URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError('sourceURL: only http and https URLs can be downloaded');
  }
  return url.href;
}

export function checkItemType(value: unknown): WmpItemType {
  if (value !== 'background' && value !== 'real time') {
    throw new TypeError("type: must be 'background' or 'real time'");
  }
  return value;
}

/** Collection ids are signed int32; the unsigned spelling of the same 32 bits is accepted too. */
export function checkCollectionId(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < -0x80000000 || value > 0xffffffff) {
    throw new TypeError('collectionId: must be a 32-bit integer');
  }
  if (value === 0) throw new TypeError('collectionId: must not be 0');
  return value | 0;
}

export function checkIndex(value: unknown, count: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new TypeError('index: must be an integer');
  if (value < 0 || value >= count) throw new TypeError(`index: ${value} is out of range (count is ${count})`);
  return value;
}

export function randomCollectionId(taken: (id: number) => boolean): number {
  const buffer = new Int32Array(1);
  for (;;) {
    const [id = 0] = crypto.getRandomValues(buffer);
    if (id !== 0 && !taken(id)) return id;
  }
}
