import { describe, expect, it } from 'vitest';
import { parseFragmentRange } from './content-range';
import { parseRequestHead } from './http-wire';

describe('parseFragmentRange', () => {
  it('reads the form the BITS client sends and the one the Fragment page writes', () => {
    expect(parseFragmentRange('bytes 0-4891/4892')).toEqual({ start: 0, end: 4891, total: 4892 });
    expect(parseFragmentRange('Bytes 128-212/1000')).toEqual({ start: 128, end: 212, total: 1000 });
    expect(parseFragmentRange(' bytes 5-5/6 ')).toEqual({ start: 5, end: 5, total: 6 });
  });

  it('refuses what RFC 2616 §14.16 does not allow, and forms that name no bytes', () => {
    for (const value of [
      'bytes 5-4/10',
      'bytes 0-10/10',
      'bytes */10',
      'bytes 0-9/*',
      'bytes=0-9/10',
      '0-9/10',
      'bytes 0-9',
    ]) {
      expect(parseFragmentRange(value)).toBeNull();
    }
    expect(parseFragmentRange(undefined)).toBeNull();
  });
});

describe('parseRequestHead', () => {
  it('reads the BITS client request of MC-BUP 4.1', () => {
    const raw =
      'BITS_POST /upload/2000mb-rfc2119.txt HTTP/1.1\r\nAccept: */*\r\nBITS-Packet-Type: Create-Session\r\n' +
      'BITS-Supported-Protocols: {7df0354d-249b-430f-820d-3d2a9bef4931}\r\nContent-Name: rfc2119.txt\r\n' +
      'User-Agent: Microsoft BITS/6.7\r\nHost: frankcao8\r\nContent-Length: 0\r\nConnection: Keep-Alive';
    const parsed = parseRequestHead(raw);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.head).toMatchObject({
      method: 'BITS_POST',
      path: '/upload/2000mb-rfc2119.txt',
      version: 'HTTP/1.1',
    });
    expect(parsed.head.headers.get('bits-packet-type')).toBe('Create-Session');
    expect(parsed.head.contentLength).toBe(0);
    expect(parsed.head.keepAlive).toBe(true);
  });

  it('decodes the path, joins repeated fields and sees Connection: close', () => {
    const parsed = parseRequestHead(
      'GET /a%20b/%7Bx%7D?q=1 HTTP/1.1\r\nX-A: 1\r\nx-a: 2\r\nConnection: close',
    );
    expect(parsed.ok && parsed.head.path).toBe('/a b/{x}');
    expect(parsed.ok && parsed.head.headers.get('x-a')).toBe('1, 2');
    expect(parsed.ok && parsed.head.keepAlive).toBe(false);
    const old = parseRequestHead('GET / HTTP/1.0\r\nHost: x');
    expect(old.ok && old.head.keepAlive).toBe(false);
  });

  it('refuses malformed lines, conflicting lengths and chunked bodies', () => {
    for (const raw of [
      'BITS_POST /a',
      'BITS POST /a HTTP/1.1',
      'BITS_POST a HTTP/1.1',
      'BITS_POST /a HTTP/1.1\r\nno colon',
      'BITS_POST /a HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2',
      'BITS_POST /a HTTP/1.1\r\nContent-Length: -1',
      'BITS_POST /a HTTP/1.1\r\nTransfer-Encoding: chunked',
    ]) {
      expect(parseRequestHead(raw).ok).toBe(false);
    }
  });
});
