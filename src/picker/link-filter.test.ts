import { describe, expect, it } from 'vitest';
import { filterLinks, linkLabel, uniqueLinks } from './link-filter';

const links = [
  { url: 'https://cdn.example/a.mp3', text: 'Opening Night' },
  { url: 'https://cdn.example/b.zip', text: 'Artwork' },
  { url: 'https://cdn.example/c.MP3', text: 'Closing Song' },
];

describe('filterLinks', () => {
  it('keeps every link for an empty filter', () => {
    expect(filterLinks(links, '  ')).toEqual(links);
  });

  it('matches text or address, ignoring case', () => {
    expect(filterLinks(links, '.mp3').map((l) => l.url)).toEqual([
      'https://cdn.example/a.mp3',
      'https://cdn.example/c.MP3',
    ]);
    expect(filterLinks(links, 'artwork').map((l) => l.text)).toEqual(['Artwork']);
  });

  it('needs every word', () => {
    expect(filterLinks(links, 'mp3 closing').map((l) => l.text)).toEqual(['Closing Song']);
  });
});

describe('uniqueLinks', () => {
  it('lists each address once, preferring a link with text', () => {
    const result = uniqueLinks([
      { url: 'https://x/a', text: '' },
      { url: 'https://x/b', text: 'B' },
      { url: 'https://x/a', text: 'A' },
      { url: 'https://x/a', text: 'Again' },
    ]);
    expect(result).toEqual([
      { url: 'https://x/a', text: 'A' },
      { url: 'https://x/b', text: 'B' },
    ]);
  });
});

describe('linkLabel', () => {
  it('prefers the link text, tidied', () => {
    expect(linkLabel({ url: 'https://x/a.mp3', text: '  Opening\n Night ' })).toBe('Opening Night');
  });

  it('falls back to the file name, then the address', () => {
    expect(linkLabel({ url: 'https://x/music/My%20Song.mp3?t=1', text: '' })).toBe('My Song.mp3');
    expect(linkLabel({ url: 'https://x/', text: ' ' })).toBe('https://x/');
    expect(linkLabel({ url: 'https://x/%E0%A4%A', text: '' })).toBe('https://x/%E0%A4%A');
  });
});
