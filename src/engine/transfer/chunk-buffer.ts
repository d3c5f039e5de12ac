/** Received bytes waiting to fill a chunk. */
export class ChunkBuffer {
  private parts: Uint8Array[] = [];
  length = 0;

  push(bytes: Uint8Array): void {
    this.parts.push(bytes);
    this.length += bytes.byteLength;
  }

  /**
   * The first `count` bytes as a Blob; the buffer is unchanged. The Blob copies the reads' bytes
   * once, straight from the blocks they arrived in: no joined array is made (and left to the
   * garbage collector) on the way.
   */
  peek(count: number): Blob {
    const views: Uint8Array<ArrayBuffer>[] = [];
    let filled = 0;
    for (const part of this.parts) {
      if (filled === count) break;
      const used = Math.min(part.byteLength, count - filled);
      views.push(part.subarray(0, used) as Uint8Array<ArrayBuffer>);
      filled += used;
    }
    return new Blob(views);
  }

  /** Forgets the first `count` bytes. */
  drop(count: number): void {
    let left = count;
    while (left > 0) {
      const part = this.parts[0] as Uint8Array;
      if (part.byteLength <= left) {
        this.parts.shift();
        left -= part.byteLength;
      } else {
        this.parts[0] = part.subarray(left);
        left = 0;
      }
    }
    this.length -= count;
  }
}
