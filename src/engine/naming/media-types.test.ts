import { describe, expect, it } from 'vitest';
import { extensionForContentType, extensionOf } from './media-types';

describe('extensionForContentType', () => {
  it('covers the wmp-convention.md table', () => {
    const table: Record<string, string> = {
      'audio/mpeg': 'mp3',
      'audio/x-ms-wma': 'wma',
      'video/x-ms-wmv': 'wmv',
      'video/x-ms-asf': 'asf',
      'audio/mp4': 'm4a',
      'audio/flac': 'flac',
      'audio/ogg': 'ogg',
      'video/mp4': 'mp4',
    };
    for (const [type, extension] of Object.entries(table))
      expect(extensionForContentType(type)).toBe(extension);
  });

  it('covers common types', () => {
    const common: Record<string, string> = {
      'text/plain': 'txt',
      'text/html': 'html',
      'application/pdf': 'pdf',
      'application/zip': 'zip',
      'image/jpeg': 'jpg',
      'image/png': 'png',
      'image/gif': 'gif',
      'image/webp': 'webp',
      'application/json': 'json',
      'video/webm': 'webm',
      'audio/wav': 'wav',
      'audio/x-wav': 'wav',
    };
    for (const [type, extension] of Object.entries(common))
      expect(extensionForContentType(type)).toBe(extension);
  });

  it('ignores parameters, case and surrounding space', () => {
    expect(extensionForContentType('Audio/MPEG; charset=binary')).toBe('mp3');
    expect(extensionForContentType('  text/plain ;charset=utf-8')).toBe('txt');
  });

  it('has no extension for a missing, generic, unknown or malformed type', () => {
    for (const type of [
      null,
      '',
      'application/octet-stream',
      'application/x-unknown',
      'audio',
      ';',
      'toString',
    ]) {
      expect(extensionForContentType(type)).toBeNull();
    }
  });
});

describe('extensionOf', () => {
  it('is the text after the last dot, as written', () => {
    expect(extensionOf('3.mp3')).toBe('mp3');
    expect(extensionOf('Song.MP3')).toBe('MP3');
    expect(extensionOf('archive.tar.gz')).toBe('gz');
    expect(extensionOf('split.7z.001')).toBe('001');
  });

  it('is null for no dot, a leading dot only, an empty or an unlikely extension', () => {
    for (const name of [
      'README',
      '.profile',
      'name.',
      'Mr. Smith',
      'a.b-c',
      'x.ünï',
      `x.${'a'.repeat(17)}`,
    ]) {
      expect(extensionOf(name)).toBeNull();
    }
  });
});
