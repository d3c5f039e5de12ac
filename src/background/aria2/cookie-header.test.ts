import { describe, expect, it } from 'vitest';
import { cookieHeader, cookieHeaderFor } from './cookie-header';

describe('cookieHeader', () => {
  it('writes name=value pairs, longer paths first, as a browser does', () => {
    expect(
      cookieHeader([
        { name: 'theme', value: 'dark', path: '/' },
        { name: 'member', value: '7c1e', path: '/members' },
      ]),
    ).toBe('member=7c1e; theme=dark');
  });

  it('is null without cookies, and leaves out a cookie that could not travel in a header', () => {
    expect(cookieHeader([])).toBeNull();
    expect(cookieHeader([{ name: 'a', value: 'x\r\nHost: evil', path: '/' }])).toBeNull();
  });

  it('goes without cookies when the API is missing or fails', async () => {
    expect(await cookieHeaderFor(undefined, 'https://a.example/f')).toBeNull();
    const failing = { getAll: () => Promise.reject(new Error('no permission')) };
    expect(await cookieHeaderFor(failing, 'https://a.example/f')).toBeNull();
  });
});
