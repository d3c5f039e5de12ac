import { describe, expect, it } from 'vitest';
import { ChunkBuffer } from './chunk-buffer';

describe('ChunkBuffer', () => {
  const bytes = (views: Uint8Array[]) => views.flatMap((view) => [...view]);

  it('hands out bytes in order across the blocks they arrived in, and keeps them until dropped', () => {
    const buffer = new ChunkBuffer(8);
    buffer.push(Uint8Array.of(1, 2, 3));
    buffer.push(Uint8Array.of(4, 5));
    buffer.push(Uint8Array.of(6));
    expect(buffer.length).toBe(6);
    expect(buffer.room).toBe(2);
    expect(bytes(buffer.peek(4))).toEqual([1, 2, 3, 4]);
    // A failed write does not drop anything: the same bytes come out again.
    expect(bytes(buffer.peek(4))).toEqual([1, 2, 3, 4]);
    buffer.drop(4);
    expect(buffer.length).toBe(2);
    expect(bytes(buffer.peek(2))).toEqual([5, 6]);
    buffer.drop(2);
    expect(buffer.length).toBe(0);
  });

  it('copies what it is given, so the block it came in may be reused at once', () => {
    const block = new Uint8Array(4).fill(7);
    const buffer = new ChunkBuffer(8);
    buffer.push(block);
    block.fill(9);
    buffer.push(block.subarray(0, 2));
    expect(bytes(buffer.peek(8))).toEqual([7, 7, 7, 7, 9, 9]);
  });

  it('keeps one buffer for every chunk, and refuses bytes past its room', () => {
    const buffer = new ChunkBuffer(4);
    buffer.push(Uint8Array.of(1, 2, 3, 4));
    const [first] = buffer.peek(4);
    buffer.drop(4);
    buffer.push(Uint8Array.of(5, 6, 7, 8));
    const [second] = buffer.peek(4);
    expect(second?.buffer).toBe(first?.buffer);
    expect(() => buffer.push(Uint8Array.of(9))).toThrow(RangeError);
  });
});
