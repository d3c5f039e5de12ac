/**
 * Received bytes waiting to fill a chunk, copied into one buffer of the chunk's size that the
 * connection keeps for all its chunks. The blocks a body arrives in are let go at once, and no
 * per-chunk array is made and left to the garbage collector: a download's memory stays a few
 * MiB per connection, however large the file (docs/performance.md, "Memory").
 */
export class ChunkBuffer {
  private readonly bytes: Uint8Array<ArrayBuffer>;
  length = 0;

  constructor(capacity: number) {
    this.bytes = new Uint8Array(capacity);
  }

  /** Room left before the buffer is full. */
  get room(): number {
    return this.bytes.byteLength - this.length;
  }

  /** Copies `bytes` in; they must fit (`room`). */
  push(bytes: Uint8Array): void {
    if (bytes.byteLength > this.room) {
      throw new RangeError(
        `${bytes.byteLength} bytes do not fit in the ${this.room} left of the chunk buffer`,
      );
    }
    this.bytes.set(bytes, this.length);
    this.length += bytes.byteLength;
  }

  /**
   * The first `count` bytes as a view of the buffer; the buffer is unchanged. The view is valid
   * until the next push: a store copies or writes it before its appendChunk resolves.
   */
  peek(count: number): Uint8Array<ArrayBuffer>[] {
    return [this.bytes.subarray(0, Math.min(count, this.length))];
  }

  /** Forgets the first `count` bytes. */
  drop(count: number): void {
    const dropped = Math.min(count, this.length);
    if (dropped < this.length) this.bytes.copyWithin(0, dropped, this.length);
    this.length -= dropped;
  }
}
