/**
 * Reads a response body block by block. Where the body is a byte stream (fetch's is, in browsers
 * and Node), each read lands in one block buffer that is handed back and forth with the stream
 * (a BYOB reader), so reading a large file allocates nothing per block and leaves nothing for the
 * garbage collector; elsewhere (a test's own stream) each read is a new block.
 */

export interface BodyReader {
  /** The next block, at most `max` bytes (a BYOB read; a plain reader may return more). Valid until the next read. */
  read(max: number): Promise<ReadableStreamReadResult<Uint8Array>>;
  cancel(): Promise<void>;
}

/** The buffer BYOB reads land in, kept by its connection from one request to the next. */
export interface ReadBlock {
  buffer: ArrayBuffer;
  readonly bytes: number;
}

export function newReadBlock(bytes: number): ReadBlock {
  return { buffer: new ArrayBuffer(bytes), bytes };
}

export function openBodyReader(body: ReadableStream<Uint8Array>, block: ReadBlock): BodyReader {
  let byob: ReadableStreamBYOBReader;
  try {
    byob = body.getReader({ mode: 'byob' });
  } catch {
    const reader = body.getReader();
    return { read: () => reader.read(), cancel: () => reader.cancel() };
  }
  return {
    async read(max) {
      // A read that failed kept its buffer (it went to the stream): the next request needs a new one.
      if (block.buffer.byteLength === 0) block.buffer = new ArrayBuffer(block.bytes);
      const size = Math.max(1, Math.min(max, block.bytes));
      const result = await byob.read(new Uint8Array(block.buffer, 0, size));
      // The read transferred the buffer; the view it returns holds it now (also when done).
      if (result.value) block.buffer = result.value.buffer as ArrayBuffer;
      if (result.done) return { done: true, value: undefined };
      return { done: false, value: result.value as Uint8Array };
    },
    cancel: () => byob.cancel(),
  };
}
