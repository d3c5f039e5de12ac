/** A minimal RGBA PNG encoder, enough to draw the toolbar icons at build time. */
import { deflateSync } from 'node:zlib';
import { crc32 } from './zip.js';

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** `pixels`: size × size RGBA bytes, row by row. */
export function encodePng(size: number, pixels: Uint8Array): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    rows[y * (size * 4 + 1)] = 0; // no filter
    Buffer.from(pixels.buffer, pixels.byteOffset + y * size * 4, size * 4).copy(rows, y * (size * 4 + 1) + 1);
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    signature,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The WebBITS mark: a blue rounded square with a white downward arrow over a bar. */
export function drawIcon(size: number): Uint8Array {
  const pixels = new Uint8Array(size * size * 4);
  const radius = size * 0.2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const u = (x + 0.5) / size;
      const v = (y + 0.5) / size;
      const cx = Math.min(Math.max(x + 0.5, radius), size - radius);
      const cy = Math.min(Math.max(y + 0.5, radius), size - radius);
      const inside = Math.hypot(x + 0.5 - cx, y + 0.5 - cy) <= radius;
      const shaft = Math.abs(u - 0.5) < 0.09 && v > 0.16 && v < 0.56;
      const head = v >= 0.5 && v < 0.72 && Math.abs(u - 0.5) < (0.72 - v) * 1.25;
      const bar = v > 0.78 && v < 0.86 && u > 0.22 && u < 0.78;
      const white = shaft || head || bar;
      const i = (y * size + x) * 4;
      if (!inside) continue;
      pixels[i] = white ? 255 : 0x1f;
      pixels[i + 1] = white ? 255 : 0x6f;
      pixels[i + 2] = white ? 255 : 0xd6;
      pixels[i + 3] = 255;
    }
  }
  return pixels;
}
