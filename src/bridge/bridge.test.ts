import { describe, expect, it } from 'vitest';
import { refusal, type BridgeWindow } from './bridge';

const parent = {};
const win = (ancestor?: string): BridgeWindow => ({
  parent,
  location: ancestor === undefined ? {} : { ancestorOrigins: [ancestor] },
  addEventListener: () => undefined,
});
const event = (origin: string, source: unknown = parent) => ({ origin, source }) as unknown as MessageEvent;

describe('which ports the bridge serves', () => {
  it('serves a port from its parent, with the origin the browser gave the message', () => {
    expect(refusal(win(), event('https://shop.example'))).toBeNull();
    expect(refusal(win('http://127.0.0.1:8080'), event('http://127.0.0.1:8080'))).toBeNull();
  });

  it('refuses other windows, opaque origins, and an origin the embedding does not confirm', () => {
    expect(refusal(win(), event('https://shop.example', {}))).toMatch(/not from the frame/);
    const alone: BridgeWindow = { ...win(), parent: null };
    alone.parent = alone;
    expect(refusal(alone, event('https://shop.example', alone))).toMatch(/not from the frame/);
    expect(refusal(win(), event('null'))).toMatch(/no origin of its own/);
    expect(refusal(win(), event('chrome-extension://abc'))).toMatch(/no origin of its own/);
    expect(refusal(win('https://shop.example'), event('https://evil.example'))).toMatch(/embedding page/);
  });
});
