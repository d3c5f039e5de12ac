import { describe, expect, it } from 'vitest';
import { parseRpcAddress } from './rpc-address';

describe('parseRpcAddress', () => {
  it.each([
    ['http://127.0.0.1:6800/jsonrpc', 'http'],
    ['https://nas.example:6800/jsonrpc', 'http'],
    ['ws://127.0.0.1:6800/jsonrpc', 'ws'],
    ['wss://nas.example/jsonrpc', 'ws'],
  ] as const)('accepts %s over %s', (raw, transport) => {
    expect(parseRpcAddress(raw)).toEqual({ href: raw, transport });
  });

  it('drops a fragment and surrounding spaces', () => {
    expect(parseRpcAddress('  http://127.0.0.1:6800/jsonrpc#x ').href).toBe('http://127.0.0.1:6800/jsonrpc');
  });

  it.each(['ftp://127.0.0.1/jsonrpc', 'file:///etc/passwd', 'javascript:alert(1)', 'chrome-extension://x/'])(
    'refuses %s, naming the field',
    (raw) => {
      expect(() => parseRpcAddress(raw)).toThrow(
        new TypeError('aria2 RPC address: must start with http:, https:, ws: or wss:'),
      );
    },
  );

  it('refuses text that is not a URL, an empty address and credentials in the URL', () => {
    expect(() => parseRpcAddress('127.0.0.1:6800')).toThrow(/^aria2 RPC address: /);
    expect(() => parseRpcAddress('localhost')).toThrow(/^aria2 RPC address: not a valid absolute URL/);
    expect(() => parseRpcAddress(' ')).toThrow('aria2 RPC address: empty (aria2 is off)');
    expect(() => parseRpcAddress('http://token:s3cret@127.0.0.1:6800/jsonrpc')).toThrow(
      /^aria2 RPC address: must not contain a user name or password/,
    );
  });
});
