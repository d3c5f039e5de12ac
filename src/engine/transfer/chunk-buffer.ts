/** Received bytes waiting to fill a chunk. */
export class ChunkBuffer {
  private parts: Uint8Array[] = [];
  length = 0;

  push(bytes: Uint8Array): void {
    this.parts.push(bytes);
    this.length += bytes.byteLength;
  }

  /**
   * The first `count` bytes as views of the blocks they arrived in; the buffer is unchanged. No
   * joined array is made (and left to the garbage collector) on the way: a store that writes in
   * place copies them once, one that keeps Blobs makes its Blob from them.
   */
  peek(count: number): Uint8Array[] {
    const views: Uint8Array[] = [];
    let filled = 0;
    for (const part of this.parts) {
      if (filled === count) break;
      const used = Math.min(part.byteLength, count - filled);
      views.push(part.subarray(0, used) as Uint8Array<ArrayBuffer>);
      filled += used;
    }
    return views;
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
