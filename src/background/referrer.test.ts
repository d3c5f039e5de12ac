import { describe, expect, it } from 'vitest';
import { referrerFor } from './referrer';

describe('referrerFor', () => {
  it('sends the whole page URL to its own origin, without fragment or credentials', () => {
    expect(referrerFor('https://me:pw@files.example/list?p=2#top', 'https://files.example/a.zip')).toBe(
      'https://files.example/list?p=2',
    );
  });

  it('sends only the origin to another origin, as the default policy does', () => {
    expect(referrerFor('https://blog.example/post/7', 'https://cdn.example/a.zip')).toBe(
      'https://blog.example/',
    );
    expect(referrerFor('http://127.0.0.1:8080/p', 'http://127.0.0.1:9090/f')).toBe('http://127.0.0.1:8080/');
  });

  it('sends nothing from https to http, from a page that is not http(s), or without a page', () => {
    expect(referrerFor('https://secure.example/p', 'http://secure.example/f')).toBeNull();
    expect(referrerFor('file:///home/me/list.html', 'https://cdn.example/f')).toBeNull();
    expect(referrerFor('chrome-extension://abc/popup.html', 'https://cdn.example/f')).toBeNull();
    expect(referrerFor(undefined, 'https://cdn.example/f')).toBeNull();
    expect(referrerFor('not a url', 'https://cdn.example/f')).toBeNull();
  });
});
