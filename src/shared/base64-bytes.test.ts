import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64 } from './base64-bytes';

describe('base64 bytes', () => {
  it('round-trips every byte value and a reply larger than one slice', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(base64ToBytes(bytesToBase64(all))).toEqual(all);
    const large = Uint8Array.from({ length: 100_003 }, (_, i) => (i * 7) % 251);
    expect(base64ToBytes(bytesToBase64(large))).toEqual(large);
    expect(bytesToBase64(new TextEncoder().encode('hi'))).toBe(Buffer.from('hi').toString('base64'));
    expect(bytesToBase64(new Uint8Array(0))).toBe('');
  });

  it('refuses text that is not base64', () => {
    expect(() => base64ToBytes('not base64!')).toThrow(TypeError);
  });
});
