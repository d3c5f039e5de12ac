import { describe, expect, it } from 'vitest';
import { newReadBlock, openBodyReader } from './body-reader';

const pattern = (count: number) => Uint8Array.from({ length: count }, (_, i) => i % 251);

/** A fetch body, as the engine gets it: a byte stream. */
function fetchBody(bytes: Uint8Array<ArrayBuffer>): ReadableStream<Uint8Array> {
  const body = new Response(bytes).body;
  if (!body) throw new Error('no body');
  return body;
}

async function readAll(body: ReadableStream<Uint8Array>, blockBytes: number, max: number, byob = true) {
  const block = newReadBlock(blockBytes);
  const reader = openBodyReader(body, block);
  const out: number[] = [];
  const buffers = new Set<ArrayBufferLike>();
  for (;;) {
    const { done, value } = await reader.read(max);
    if (done) break;
    if (byob) expect(value.byteLength).toBeLessThanOrEqual(Math.min(max, blockBytes));
    buffers.add(value.buffer);
    out.push(...value);
  }
  return { bytes: Uint8Array.from(out), buffers, block };
}

describe('openBodyReader', () => {
  it('reads a fetch body (a byte stream) into one block, never more than asked for', async () => {
    const sent = pattern(10_000);
    const { bytes, block } = await readAll(fetchBody(sent), 1024, 700);
    expect(bytes).toEqual(sent);
    // The block came back from every read: the next request of the connection reuses it.
    expect(block.buffer.byteLength).toBe(1024);
  });

  it('falls back to plain reads where the body is not a byte stream', async () => {
    const sent = pattern(5000);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(sent.subarray(0, 3000));
        controller.enqueue(sent.subarray(3000));
        controller.close();
      },
    });
    // A plain reader hands over its blocks as they are, larger than asked for: the connection splits them.
    const { bytes } = await readAll(body, 1024, 700, false);
    expect(bytes).toEqual(sent);
  });

  it('gives a connection a new block when a failed read kept the old one', async () => {
    let fail = true;
    const body = new ReadableStream({
      type: 'bytes',
      pull(controller) {
        if (fail) controller.error(new TypeError('network'));
      },
    });
    const block = newReadBlock(256);
    await expect(openBodyReader(body, block).read(256)).rejects.toThrow('network');
    fail = false;
    const sent = pattern(300);
    const { bytes } = await readAll(fetchBody(sent), 256, 256);
    expect(bytes).toEqual(sent);
    // The block lost to the failed read is detached; the reader replaces it before using it.
    const again = openBodyReader(fetchBody(sent), block);
    const { value } = await again.read(256);
    expect(value?.byteLength).toBeGreaterThan(0);
    expect(block.buffer.byteLength).toBe(256);
  });
});
