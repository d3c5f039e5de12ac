import { describe, expect, it } from 'vitest';
import { formatBytes, formatClock, formatDuration, formatSpeed } from './format';

describe('formatBytes', () => {
  it('picks the unit a person expects', () => {
    expect(formatBytes(0, 'en')).toBe('0 B');
    expect(formatBytes(1023, 'en')).toBe('1,023 B');
    expect(formatBytes(1536, 'en')).toBe('1.5 KB');
    expect(formatBytes(5 * 1024 * 1024, 'en')).toBe('5 MB');
    expect(formatBytes(123.4 * 1024 * 1024, 'en')).toBe('123 MB');
    expect(formatBytes(3.25 * 1024 ** 3, 'en')).toBe('3.3 GB');
  });

  it('uses the language decimal separator', () => {
    expect(formatBytes(1536, 'fr')).toBe('1,5 KB');
  });

  it('never shows a negative size', () => {
    expect(formatBytes(-5, 'en')).toBe('0 B');
  });
});

describe('formatSpeed', () => {
  it('is a size per second', () => {
    expect(formatSpeed(2.5 * 1024 * 1024, 'en')).toBe('2.5 MB/s');
  });
});

describe('formatDuration', () => {
  it('shows the two largest units', () => {
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(44.2)).toBe('45 s');
    expect(formatDuration(200)).toBe('3 min 20 s');
    expect(formatDuration(3900)).toBe('1 h 5 min');
    expect(formatDuration(97200)).toBe('1 d 3 h');
  });
});

describe('formatClock', () => {
  it('shows only the time for today and the date otherwise', () => {
    const now = new Date(2026, 10, 24, 10, 0, 0).getTime();
    const later = new Date(2026, 10, 24, 10, 5, 7).getTime();
    expect(formatClock(later, now, 'en-GB')).toBe('10:05:07');
    const tomorrow = new Date(2026, 10, 25, 9, 30).getTime();
    expect(formatClock(tomorrow, now, 'en-GB')).toContain('25 Nov 2026');
  });
});
