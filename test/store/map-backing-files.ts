/**
 * BackingFiles in memory for Node tests: what is written is readable at once, but only what was
 * flushed survives `crash()`, as with the origin private file system. A quota makes a write that
 * would grow the files past it fail with a DOMException named QuotaExceededError.
 */
import type { BackingFiles } from '../../src/store/backing-files';
import { quotaExceeded } from '../../src/store/store-errors';

export class MapBackingFiles implements BackingFiles {
  private readonly live = new Map<string, Uint8Array>();
  private readonly durable = new Map<string, Uint8Array>();
  flushes = 0;

  constructor(public quotaBytes = Infinity) {}

  async write(name: string, offset: number, parts: readonly Uint8Array[]): Promise<void> {
    const size = parts.reduce((sum, part) => sum + part.byteLength, 0);
    const current = this.live.get(name) ?? new Uint8Array(0);
    const grown = Math.max(current.byteLength, offset + size);
    if (this.totalBytes() - current.byteLength + grown > this.quotaBytes) throw quotaExceeded();
    const next = grown > current.byteLength ? new Uint8Array(grown) : current;
    if (next !== current) next.set(current);
    let at = offset;
    for (const part of parts) {
      next.set(part, at);
      at += part.byteLength;
    }
    this.live.set(name, next);
  }

  async flush(name: string): Promise<void> {
    this.flushes += 1;
    const bytes = this.live.get(name);
    if (bytes) this.durable.set(name, bytes.slice());
  }

  async read(name: string): Promise<Blob | null> {
    const bytes = this.live.get(name);
    return bytes ? new Blob([bytes.slice()]) : null;
  }

  async remove(name: string): Promise<void> {
    this.live.delete(name);
    this.durable.delete(name);
  }

  async list(): Promise<string[]> {
    return [...this.live.keys()];
  }

  async closeAll(): Promise<void> {}

  /** What a crash leaves: the flushed bytes only. */
  crash(): void {
    this.live.clear();
    for (const [name, bytes] of this.durable) this.live.set(name, bytes.slice());
  }

  private totalBytes(): number {
    let total = 0;
    for (const bytes of this.live.values()) total += bytes.byteLength;
    return total;
  }
}
