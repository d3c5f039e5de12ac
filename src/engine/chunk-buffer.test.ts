import { describe, expect, it } from 'vitest';
import { ChunkBuffer } from './chunk-buffer';

describe('ChunkBuffer', () => {
  it('hands out bytes in order across the blocks they arrived in, and keeps them until dropped', () => {
    const buffer = new ChunkBuffer();
    buffer.push(Uint8Array.of(1, 2, 3));
    buffer.push(Uint8Array.of(4, 5));
    buffer.push(Uint8Array.of(6));
    expect(buffer.length).toBe(6);
    expect([...buffer.peek(4)]).toEqual([1, 2, 3, 4]);
    // A failed write does not drop anything: the same bytes come out again.
    expect([...buffer.peek(4)]).toEqual([1, 2, 3, 4]);
    buffer.drop(4);
    expect(buffer.length).toBe(2);
    expect([...buffer.peek(2)]).toEqual([5, 6]);
    buffer.drop(2);
    expect(buffer.length).toBe(0);
  });

  it('returns compact arrays that do not share the read buffers', () => {
    const block = new Uint8Array(16).fill(7);
    const buffer = new ChunkBuffer();
    buffer.push(block.subarray(4, 8));
    const out = buffer.peek(4);
    expect(out.buffer.byteLength).toBe(4);
    block.fill(0);
    expect([...out]).toEqual([7, 7, 7, 7]);
  });
});
