import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

export interface BodyWriteOptions {
  chunks: Iterable<Buffer>;
  /** Stop (without ending the response) once this many bytes were written; null = write all. */
  stopAfter: number | null;
  /** Read before every write, so a throttle set at runtime applies at once; null = unlimited, 0 = paused. */
  bytesPerSecond: () => number | null;
  /**
   * Called as each write is handed over; the counter it returns is called with the write's size
   * once it has been flushed to the socket (so a counter reset in between can ignore it).
   */
  flushCounter: () => (bytes: number) => void;
}

/** 'complete': every chunk written; 'stopped': `stopAfter` reached; 'closed': the connection went away. */
export type BodyWriteOutcome = 'complete' | 'stopped' | 'closed';

/** A paced write lasts about this long, so a throttled stream is smooth at any rate. */
const PACING_SLICE_MS = 20;

export function isClosed(res: ServerResponse): boolean {
  return res.destroyed || !res.socket || res.socket.destroyed;
}

function drainedOrClosed(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/**
 * Writes a response body honouring back-pressure and an optional per-response rate, and waits
 * until every write has been flushed to the socket (or the connection closed), so that a fault
 * that follows (reset, close) acts on exactly the bytes written. The first (empty) write sends the
 * headers, so even a fault after 0 body bytes comes after complete headers.
 */
export async function writeBody(res: ServerResponse, options: BodyWriteOptions): Promise<BodyWriteOutcome> {
  let pending = 0;
  let allFlushed: (() => void) | null = null;
  const write = (piece: Buffer): boolean => {
    pending++;
    const count = options.flushCounter();
    return res.write(piece, (error) => {
      pending--;
      if (!error && piece.length > 0) count(piece.length);
      if (pending === 0) allFlushed?.();
    });
  };
  const flushed = (): Promise<void> =>
    pending === 0 || isClosed(res)
      ? Promise.resolve()
      : Promise.race([
          new Promise<void>((resolve) => (allFlushed = resolve)),
          new Promise<void>((resolve) => res.once('close', () => resolve())),
        ]);

  write(Buffer.alloc(0));
  const outcome = await writeChunks(res, options, write);
  if (outcome !== 'closed') await flushed();
  return isClosed(res) ? 'closed' : outcome;
}

async function writeChunks(
  res: ServerResponse,
  options: BodyWriteOptions,
  write: (piece: Buffer) => boolean,
): Promise<BodyWriteOutcome> {
  const { stopAfter } = options;
  let written = 0;
  let rate = options.bytesPerSecond();
  let paceStart = performance.now();
  let pacedBytes = 0;
  for (const chunk of options.chunks) {
    let offset = 0;
    while (offset < chunk.length) {
      if (isClosed(res)) return 'closed';
      if (stopAfter !== null && written >= stopAfter) return 'stopped';
      const currentRate = options.bytesPerSecond();
      if (currentRate !== rate) {
        rate = currentRate;
        paceStart = performance.now();
        pacedBytes = 0;
      }
      if (rate === 0) {
        // A throttle of 0 pauses the stream until the throttle changes.
        await sleep(PACING_SLICE_MS);
        continue;
      }
      let size = chunk.length - offset;
      if (stopAfter !== null) size = Math.min(size, stopAfter - written);
      if (rate !== null) {
        size = Math.min(size, Math.max(1, Math.floor((rate * PACING_SLICE_MS) / 1000)));
        const wait = paceStart + (pacedBytes / rate) * 1000 - performance.now();
        if (wait > 1) await sleep(wait);
        if (isClosed(res)) return 'closed';
        pacedBytes += size;
      }
      const piece = chunk.subarray(offset, offset + size);
      offset += size;
      written += size;
      if (!write(piece)) await drainedOrClosed(res);
    }
  }
  return stopAfter !== null && written >= stopAfter ? 'stopped' : 'complete';
}
