import { describe, expect, it } from 'vitest';
import { parseSiteOrigin } from './site-origin';

describe('parseSiteOrigin', () => {
  it('keeps the origin of a web address', () => {
    expect(parseSiteOrigin('https://shop.example/albums?x=1')).toBe('https://shop.example');
    expect(parseSiteOrigin('http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080');
    expect(parseSiteOrigin(' HTTPS://Shop.Example ')).toBe('https://shop.example');
  });

  it('reads a bare host name as https', () => {
    expect(parseSiteOrigin('shop.example')).toBe('https://shop.example');
  });

  it('refuses what is not a web site', () => {
    for (const raw of [
      '',
      'ftp://files.example',
      'javascript:alert(1)',
      'https://',
      'https://a:b@shop.example',
    ]) {
      expect(parseSiteOrigin(raw), raw).toBeNull();
    }
  });
});
