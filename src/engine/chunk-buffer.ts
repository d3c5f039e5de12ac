/** Received bytes waiting to fill a chunk. */
export class ChunkBuffer {
  private parts: Uint8Array[] = [];
  length = 0;

  push(bytes: Uint8Array): void {
    this.parts.push(bytes);
    this.length += bytes.byteLength;
  }

  /** The first `count` bytes as one compact array; the buffer is unchanged. */
  peek(count: number): Uint8Array {
    const out = new Uint8Array(count);
    let filled = 0;
    for (const part of this.parts) {
      if (filled === count) break;
      const used = Math.min(part.byteLength, count - filled);
      out.set(part.subarray(0, used), filled);
      filled += used;
    }
    return out;
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
