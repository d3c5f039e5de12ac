import { describe, expect, it } from 'vitest';
import { originOfBridgePort, originOfRelayPort, type PortSender } from './bridge-origin';

const BRIDGE = 'chrome-extension://abcdefghijklmnop/bridge.html';
const fromTab = (url: string): PortSender => ({
  url,
  origin: 'chrome-extension://abcdefghijklmnop',
  tab: { id: 3 },
  frameId: 7,
});

describe('the origin a bridge port serves', () => {
  it('is the one the bridge names, when the sender is the bridge page in a tab', () => {
    expect(originOfBridgePort('webbits-page|https://shop.example', fromTab(BRIDGE), BRIDGE)).toBe(
      'https://shop.example',
    );
    expect(originOfBridgePort('webbits-page|http://127.0.0.1:8080', fromTab(`${BRIDGE}?x#y`), BRIDGE)).toBe(
      'http://127.0.0.1:8080',
    );
  });

  it('is nothing from any other sender: a web page, another extension page, no tab', () => {
    const name = 'webbits-page|https://shop.example';
    expect(originOfBridgePort(name, fromTab('https://evil.example/bridge.html'), BRIDGE)).toBeNull();
    expect(
      originOfBridgePort(name, fromTab('chrome-extension://abcdefghijklmnop/popup.html'), BRIDGE),
    ).toBeNull();
    expect(
      originOfBridgePort(name, fromTab('chrome-extension://otherextensionid/bridge.html'), BRIDGE),
    ).toBeNull();
    expect(originOfBridgePort(name, { url: BRIDGE }, BRIDGE)).toBeNull();
    expect(originOfBridgePort(name, undefined, BRIDGE)).toBeNull();
  });

  it('is nothing when the named origin is not an http(s) origin in the browser spelling', () => {
    for (const origin of [
      'null',
      'file://',
      'chrome-extension://abcdefghijklmnop',
      'https://shop.example/',
      'HTTPS://Shop.example',
      'https://shop.example:443',
      'https://a@b.example',
      '',
    ])
      expect(originOfBridgePort(`webbits-page|${origin}`, fromTab(BRIDGE), BRIDGE)).toBeNull();
    expect(originOfBridgePort('webbits-page', fromTab(BRIDGE), BRIDGE)).toBeNull();
  });
});

describe("the origin a relay's port serves", () => {
  const tab = (url: string, origin?: string) => ({
    url,
    ...(origin ? { origin } : {}),
    tab: { id: 1 },
    frameId: 0,
  });
  it("comes from the browser's sender record, never from the message", () => {
    expect(originOfRelayPort(tab('https://shop.example/a/b?c', 'https://shop.example'))).toBe(
      'https://shop.example',
    );
    expect(originOfRelayPort(tab('http://127.0.0.1:8080/store.html'))).toBe('http://127.0.0.1:8080');
    expect(originOfRelayPort(tab('https://sandboxed.example/', 'null'))).toBeNull();
    expect(originOfRelayPort({ url: 'chrome-extension://abc/popup.html' })).toBeNull();
    expect(originOfRelayPort(tab('chrome-extension://abcdefghijklmnop/bridge.html'))).toBeNull();
    expect(originOfRelayPort(undefined)).toBeNull();
  });
});
