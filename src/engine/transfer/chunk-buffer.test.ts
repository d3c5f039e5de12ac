import { describe, expect, it } from 'vitest';
import { ChunkBuffer } from './chunk-buffer';

describe('ChunkBuffer', () => {
  const bytes = (views: Uint8Array[]) => views.flatMap((view) => [...view]);

  it('hands out bytes in order across the blocks they arrived in, and keeps them until dropped', () => {
    const buffer = new ChunkBuffer();
    buffer.push(Uint8Array.of(1, 2, 3));
    buffer.push(Uint8Array.of(4, 5));
    buffer.push(Uint8Array.of(6));
    expect(buffer.length).toBe(6);
    expect(bytes(buffer.peek(4))).toEqual([1, 2, 3, 4]);
    // A failed write does not drop anything: the same bytes come out again.
    expect(bytes(buffer.peek(4))).toEqual([1, 2, 3, 4]);
    buffer.drop(4);
    expect(buffer.length).toBe(2);
    expect(bytes(buffer.peek(2))).toEqual([5, 6]);
    buffer.drop(2);
    expect(buffer.length).toBe(0);
  });

  it('hands out views of exactly the bytes asked for, without copying them', () => {
    const block = new Uint8Array(16).fill(7);
    const buffer = new ChunkBuffer();
    buffer.push(block.subarray(4, 8));
    const out = buffer.peek(3);
    expect(out.map((view) => view.byteLength)).toEqual([3]);
    expect(out[0]?.buffer).toBe(block.buffer);
    expect(bytes(out)).toEqual([7, 7, 7]);
  });
});
