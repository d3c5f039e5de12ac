import { describe, expect, it } from 'vitest';
import { nextSpeed, secondsLeft } from './speed';

describe('nextSpeed', () => {
  it('knows no speed from one sample', () => {
    expect(nextSpeed(null, 100, 0).bytesPerSecond).toBeNull();
  });

  it('measures bytes per second between samples', () => {
    const first = nextSpeed(null, 0, 1000);
    const second = nextSpeed(first, 500_000, 1500);
    expect(second.bytesPerSecond).toBe(1_000_000);
  });

  it('smooths a sudden change', () => {
    let s = nextSpeed(nextSpeed(null, 0, 0), 1000, 1000);
    s = nextSpeed(s, 1000 + 11_000, 2000);
    expect(s.bytesPerSecond).toBeGreaterThan(1000);
    expect(s.bytesPerSecond).toBeLessThan(11_000);
  });

  it('starts over when the count goes back (a file restarted from 0)', () => {
    const s = nextSpeed(nextSpeed(null, 5000, 0), 10, 1000);
    expect(s).toEqual({ bytes: 10, at: 1000, bytesPerSecond: null });
  });

  it('ignores a sample with no time elapsed', () => {
    const first = nextSpeed(null, 0, 1000);
    expect(nextSpeed(first, 10, 1000)).toBe(first);
  });
});

describe('secondsLeft', () => {
  it('divides what remains by the speed', () => {
    expect(secondsLeft({ bytes: 400, at: 0, bytesPerSecond: 100 }, 1000)).toBe(6);
  });

  it('is unknown without a size or a speed', () => {
    expect(secondsLeft({ bytes: 400, at: 0, bytesPerSecond: 100 }, null)).toBeNull();
    expect(secondsLeft({ bytes: 400, at: 0, bytesPerSecond: 0 }, 1000)).toBeNull();
    expect(secondsLeft(null, 1000)).toBeNull();
  });
});
