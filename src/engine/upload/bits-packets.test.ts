import { describe, expect, it } from 'vitest';
import { ackFailure, packetUrl, parseHresult, readAck, resolveReplyUrl } from './bits-packets';

describe('BITS packets', () => {
  it('reads HRESULTs as the pages and MC-BUP write them', () => {
    expect(parseHresult('0x8020001F')).toBe(0x8020001f);
    expect(parseHresult('x8020001F')).toBe(0x8020001f);
    expect(parseHresult('-2145386465')).toBe(0x8020001f);
    expect(parseHresult('nonsense')).toBeNull();
    expect(parseHresult(null)).toBeNull();
  });

  it('reads an Ack, with either error header name', () => {
    const ack = readAck(
      200,
      new Headers({ 'BITS-Received-Content-Range': '213', 'BITS-Session-Id': '{A}', 'BITS-Error': '0x5' }),
    );
    expect(ack).toMatchObject({ received: 213, sessionId: '{A}', errorCode: 5 });
    expect(readAck(200, new Headers({ 'BITS-Received-Content-Range': '128-212' })).received).toBeNull();
  });

  it("names a failure by the server's BITS error, else by the status", () => {
    const withCode = readAck(
      403,
      new Headers({ 'BITS-Error-Code': '0x80070005', 'BITS-Error-Context': '0x5' }),
    );
    expect(ackFailure(withCode, 0)).toEqual({
      kind: 'bits',
      status: 403,
      hresult: 0x80070005,
      errorContext: 5,
      retryAfterMs: null,
    });
    expect(ackFailure(readAck(503, new Headers({ 'Retry-After': '7' })), 0)).toEqual({
      kind: 'http',
      status: 503,
      retryAfterMs: 7000,
    });
  });

  it('sends later packets to BITS-Host-Id and resolves a backslashed relative reply URL', () => {
    expect(packetUrl('http://farm.example:8080/up/a.bin?x=1', 'node7.farm.example')).toBe(
      'http://node7.farm.example:8080/up/a.bin?x=1',
    );
    expect(packetUrl('http://farm.example/up/a.bin', null)).toBe('http://farm.example/up/a.bin');
    expect(
      resolveReplyUrl('BITS-Sessions\\Replies\\{1}\\responsefile.bin', 'http://h.example/up/a.bin'),
    ).toBe('http://h.example/up/BITS-Sessions/Replies/%7B1%7D/responsefile.bin');
    expect(resolveReplyUrl('javascript:alert(1)', 'http://h.example/up/a.bin')).toBeNull();
  });
});
