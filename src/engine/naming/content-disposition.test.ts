import { describe, expect, it } from 'vitest';
import { filenameFromContentDisposition as filename } from './content-disposition';

describe('filenameFromContentDisposition', () => {
  it('is null without a header or without a filename', () => {
    expect(filename(null)).toBeNull();
    expect(filename('attachment')).toBeNull();
    expect(filename('inline; size=12')).toBeNull();
    expect(filename('attachment; filename=""')).toBeNull();
  });

  it('reads a token or a quoted filename', () => {
    expect(filename('attachment; filename=song.mp3')).toBe('song.mp3');
    expect(filename('attachment; filename="My Song; live.mp3"')).toBe('My Song; live.mp3');
    expect(filename('attachment; filename="say \\"hi\\".txt"')).toBe('say "hi".txt');
    expect(filename('inline;FILENAME = "a.pdf" ; size=3')).toBe('a.pdf');
  });

  it('prefers filename* and decodes its UTF-8 percent-encoding (RFC 5987)', () => {
    expect(filename(`attachment; filename="fallback.mp3"; filename*=UTF-8''na%C3%AFve%20caf%C3%A9.mp3`)).toBe(
      'naïve café.mp3',
    );
    expect(filename(`attachment; filename*=utf-8'en'%E2%82%AC%20rates.txt; filename=x.txt`)).toBe(
      '€ rates.txt',
    );
  });

  it('decodes filename* in ISO-8859-1', () => {
    expect(filename(`attachment; filename*=ISO-8859-1''%A3%20rates.txt`)).toBe('£ rates.txt');
  });

  it('falls back to filename when filename* is malformed or undecodable', () => {
    for (const extended of [
      `UTF-8''%C3.txt`,
      `UTF-8''%zz.txt`,
      `no-quotes.txt`,
      `x-unknown-charset''a.txt`,
    ]) {
      expect(filename(`attachment; filename*=${extended}; filename="plain.txt"`)).toBe('plain.txt');
    }
  });

  it('reads raw UTF-8 in filename, which arrives one byte per character', () => {
    const latin1OfUtf8 = String.fromCharCode(...new TextEncoder().encode('naïve.mp3'));
    expect(filename(`attachment; filename="${latin1OfUtf8}"`)).toBe('naïve.mp3');
    expect(filename('attachment; filename="caf\u00e9.txt"')).toBe('café.txt');
  });

  it('keeps only the last path segment a server puts in the name', () => {
    expect(filename('attachment; filename="../../etc/passwd"')).toBe('passwd');
    expect(filename('attachment; filename="C:\\\\Windows\\\\evil.dll"')).toBe('evil.dll');
    expect(filename('attachment; filename=C:\\Windows\\evil.dll')).toBe('evil.dll');
    expect(filename(`attachment; filename*=UTF-8''dir%2Fsub%2Fa.mp3`)).toBe('a.mp3');
  });

  it('tolerates a missing closing quote and a missing disposition type', () => {
    expect(filename('attachment; filename="unterminated.mp3')).toBe('unterminated.mp3');
    expect(filename('filename=bare.mp3')).toBe('bare.mp3');
  });
});
