/**
 * How a connection stores what it received: a chunk and its segment's progress in one
 * transaction (job-model.md), from its stream buffer or from a body taken whole as a Blob.
 */
import type { ChunkBuffer } from './chunk-buffer';
import type { ConnectionContext } from './connection';
import type { LiveSegment, OpenedBody } from './live-segment';
import type { ChunkData } from '../ports';
import { TransferProblem, isQuotaError } from './transfer-signals';

/**
 * A chunk request's body taken whole as a Blob and stored as one chunk. What a split left of the
 * segment bounds it; a short body is stored as far as it came, then reported.
 */
export async function takeWholeChunk(ctx: ConnectionContext, segment: LiveSegment, opened: OpenedBody) {
  const bodyEnd = opened.bodyEnd ?? segment.pos;
  const expected = bodyEnd - segment.pos;
  const blob = await opened.response.blob();
  const live = Math.min(segment.end ?? Infinity, bodyEnd) - segment.pos;
  const data = blob.size > live ? blob.slice(0, live) : blob;
  if (data.size > 0) {
    segment.pos += data.size;
    ctx.onBytes(data.size);
    await storeChunk(ctx, segment, data, data.size);
  }
  if (blob.size < Math.min(expected, live)) {
    throw new TransferProblem({ kind: 'short-body', expected, received: blob.size });
  }
}

/** Writes the buffer's first `count` bytes; they leave the buffer only once stored. */
export async function writeChunk(
  ctx: ConnectionContext,
  segment: LiveSegment,
  buffer: ChunkBuffer,
  count: number,
): Promise<void> {
  await storeChunk(ctx, segment, buffer.peek(count), count);
  buffer.drop(count);
}

/** Stores `count` bytes at the segment's stored end, with its progress, in one transaction. */
async function storeChunk(ctx: ConnectionContext, segment: LiveSegment, data: ChunkData, count: number) {
  const offset = segment.storedPos;
  try {
    await ctx.env.ports.store.appendChunk(
      { jobId: ctx.jobId, fileIndex: ctx.fileIndex, offset, data },
      segment.start,
    );
  } catch (err) {
    if (isQuotaError(err)) throw new TransferProblem({ kind: 'quota' });
    throw err;
  }
  segment.storedPos = offset + count;
}
