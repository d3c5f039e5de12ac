import { describe, expect, it } from 'vitest';
import { inflateRawSync } from 'node:zlib';
import { crc32, zipEntries } from './zip';
import { browserManifest } from './manifest';

/** Reads the entries back through the central directory, as an unzip tool would. */
function readZip(zip: Buffer): Map<string, Buffer> {
  const end = zip.length - 22;
  expect(zip.readUInt32LE(end)).toBe(0x06054b50);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const localOffset = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const dataStart = localOffset + 30 + zip.readUInt16LE(localOffset + 26);
    const data = inflateRawSync(zip.subarray(dataStart, dataStart + size));
    expect(crc32(data)).toBe(zip.readUInt32LE(at + 16));
    files.set(name, data);
    at += 46 + nameLength;
  }
  return files;
}

describe('zipEntries', () => {
  it('round-trips files through deflate with correct CRCs', () => {
    const entries = [
      { name: 'manifest.json', data: Buffer.from('{"manifest_version":3}') },
      {
        name: '_locales/fr/messages.json',
        data: Buffer.from('{"extName":{"message":"WebBITS – téléchargements"}}'),
      },
      { name: 'icons/empty.png', data: Buffer.alloc(0) },
    ];
    const files = readZip(zipEntries(entries));
    expect([...files.keys()]).toEqual(entries.map((entry) => entry.name));
    for (const entry of entries) expect(files.get(entry.name)?.equals(entry.data)).toBe(true);
  });

  it('computes the standard CRC-32', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });
});

describe('browserManifest', () => {
  const base = { manifest_version: 3, name: 'x', permissions: ['downloads', 'power', 'contextMenus'] };

  it('gives Chrome a service worker and the offscreen permission', () => {
    const chrome = browserManifest(base, 'chrome', { version: '1.2.3' });
    expect(chrome).toMatchObject({ version: '1.2.3', background: { service_worker: 'background.js' } });
    expect(chrome.permissions).toEqual(['downloads', 'power', 'contextMenus', 'offscreen']);
  });

  it('gives Firefox a background script, its gecko id and no Chrome-only permission', () => {
    const firefox = browserManifest(base, 'firefox', { version: '1.2.3' });
    expect(firefox).toMatchObject({
      background: { scripts: ['background.js'] },
      browser_specific_settings: {
        gecko: { strict_min_version: '140.0' },
        gecko_android: { strict_min_version: '142.0' },
      },
    });
    expect(firefox.permissions).toEqual(['downloads', 'contextMenus']);
  });
});
