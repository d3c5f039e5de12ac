import { describe, expect, it } from 'vitest';
import { newSource, pickSource } from './transfer-source';

const validators = { size: 100, etag: null, lastModified: null };

describe('pickSource', () => {
  it('gives a free connection the least busy live source, the earlier one on a tie', () => {
    const own = newSource('https://a.example/f', 0, validators, true);
    const mirror = newSource('https://b.example/f', 1, validators, false);
    expect(pickSource([own, mirror])).toBe(own);
    own.connections = 2;
    mirror.connections = 1;
    expect(pickSource([own, mirror])).toBe(mirror);
    mirror.alive = false;
    expect(pickSource([own, mirror])).toBe(own);
    own.alive = false;
    expect(pickSource([own, mirror])).toBeNull();
  });

  it('keeps each source on its own host', () => {
    expect(newSource('https://b.example:8443/f', 1, validators, false).host).toBe('b.example:8443');
  });
});
