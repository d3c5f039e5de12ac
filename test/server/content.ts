import { createHash } from 'node:crypto';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { mix32 } from './prng';

/**
 * Generated file content. Byte `i` of a file is a pure function of (seed, i): each 1 MiB page is
 * the seed's random 1 MiB block XORed word by word with a word derived from (seed, page index).
 * A byte placed at a wrong offset therefore changes the sha256 (shifts inside a page meet other
 * random words, shifts by whole pages meet another XOR word), and generating costs one XOR per
 * 4 bytes, far above 1 GB/s, without holding any file in memory.
 */

export const PAGE_SIZE = 1 << 20;
const WORDS_PER_PAGE = PAGE_SIZE / 4;
const CACHED_BLOCKS = 16;

const blocks = new Map<number, Uint32Array>();

function randomBlock(seed: number): Uint32Array {
  const cached = blocks.get(seed);
  if (cached) return cached;
  const words = new Uint32Array(WORDS_PER_PAGE);
  let state = mix32(seed ^ 0x5bd1e995);
  for (let i = 0; i < WORDS_PER_PAGE; i++) {
    state = (state + 0x9e3779b9) | 0;
    words[i] = mix32(state);
  }
  if (blocks.size >= CACHED_BLOCKS) {
    const oldest = blocks.keys().next().value;
    if (oldest !== undefined) blocks.delete(oldest);
  }
  blocks.set(seed, words);
  return words;
}

/** A fresh buffer with the whole page `pageIndex` (the caller may hand it to a socket). */
export function pageBytes(seed: number, pageIndex: number): Buffer {
  const block = randomBlock(seed >>> 0);
  const pattern = mix32((seed ^ mix32(pageIndex + 0x632be5ab)) >>> 0);
  const words = new Uint32Array(WORDS_PER_PAGE);
  for (let i = 0; i < WORDS_PER_PAGE; i++) words[i] = (block[i] as number) ^ pattern;
  return Buffer.from(words.buffer);
}

/** The bytes [start, end) of the content of `seed`, as a sequence of buffers of at most one page. */
export function* contentChunks(seed: number, start: number, end: number): Generator<Buffer> {
  let position = start;
  while (position < end) {
    const pageIndex = Math.floor(position / PAGE_SIZE);
    const pageStart = pageIndex * PAGE_SIZE;
    const from = position - pageStart;
    const to = Math.min(PAGE_SIZE, end - pageStart);
    yield pageBytes(seed, pageIndex).subarray(from, to);
    position = pageStart + to;
  }
}

function seedOf(spec: { seed?: number }): number {
  return spec.seed ?? 0;
}

/**
 * The bytes [start, end) (end exclusive, like `Buffer.subarray`) of a file. Pass the spec of the
 * handle `addFile` returned: a spec without a seed is read as seed 0, while the server derives a
 * seed from the path.
 */
export function expectedBytes(spec: { size: number; seed?: number }, start = 0, end = spec.size): Buffer {
  const from = Math.max(0, Math.min(start, spec.size));
  const to = Math.max(from, Math.min(end, spec.size));
  return Buffer.concat([...contentChunks(seedOf(spec), from, to)]);
}

const shaCache = new Map<string, Promise<string>>();

/** sha256 (hex) of a whole file, computed streaming and yielding to the event loop now and then. */
export function expectedSha256(spec: { size: number; seed?: number }): Promise<string> {
  const key = `${seedOf(spec)}:${spec.size}`;
  let result = shaCache.get(key);
  if (!result) {
    result = hashContent(seedOf(spec), spec.size);
    shaCache.set(key, result);
  }
  return result;
}

async function hashContent(seed: number, size: number): Promise<string> {
  const hash = createHash('sha256');
  let pages = 0;
  for (const chunk of contentChunks(seed, 0, size)) {
    hash.update(chunk);
    // A test server usually runs in the same process: let it serve while a big file is hashed.
    if (++pages % 32 === 0) await yieldToEventLoop();
  }
  return hash.digest('hex');
}

/** The seed the server uses for a path when the spec has none (FNV-1a of the path). */
export function seedForPath(path: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < path.length; i++) {
    hash ^= path.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** A different seed for the next version of a file. */
export function nextSeed(seed: number): number {
  return mix32((seed + 0x9e3779b9) >>> 0);
}
