import { describe, expect, it } from 'vitest';
import { ASK_BASE_EVENT, BASE_EVENT, listenForBase } from './announced-base';
import { extensionBaseFromStack } from './extension-base';

describe('the extension base, from a stack taken in page.js', () => {
  it("reads Chrome's and Firefox's script URLs", () => {
    const chrome = 'Error\n    at chrome-extension://abcdefghijklmnopabcdefghijklmnop/page.js:1:2020';
    expect(extensionBaseFromStack(chrome)).toEqual({
      origin: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop',
      url: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop/',
    });
    const firefox = '@moz-extension://0b7e6a4c-1111-4d2b-9c1e-3f5a2b9d8e7f/page.js:1:1500\n';
    expect(extensionBaseFromStack(firefox)?.url).toBe(
      'moz-extension://0b7e6a4c-1111-4d2b-9c1e-3f5a2b9d8e7f/',
    );
  });

  it('finds nothing in a stack without an extension URL', () => {
    expect(extensionBaseFromStack('Error\n    at https://shop.example/app.js:3:4')).toBeNull();
    expect(extensionBaseFromStack(undefined)).toBeNull();
  });
});

describe("Firefox's announced base", () => {
  const announce = (win: EventTarget, detail: unknown) =>
    win.dispatchEvent(new CustomEvent(BASE_EVENT, { detail }));

  it('keeps the first announcement, whichever script ran first, and ignores later ones', () => {
    const win = new EventTarget();
    let asked = 0;
    win.addEventListener(ASK_BASE_EVENT, () => {
      asked++;
      announce(win, 'moz-extension://0b7e6a4c-1111-4d2b-9c1e-3f5a2b9d8e7f/');
    });
    const base = listenForBase(win as unknown as Window);
    expect(asked).toBe(1);
    announce(win, 'moz-extension://ffffffff-1111-4d2b-9c1e-3f5a2b9d8e7f/');
    expect(base()?.origin).toBe('moz-extension://0b7e6a4c-1111-4d2b-9c1e-3f5a2b9d8e7f');
  });

  it('waits for an announcement made after page.js started, and refuses anything but an extension URL', () => {
    const win = new EventTarget();
    const base = listenForBase(win as unknown as Window);
    expect(base()).toBeNull();
    announce(win, 'https://evil.example/');
    expect(base()).toBeNull();
    announce(win, 'moz-extension://0b7e6a4c-1111-4d2b-9c1e-3f5a2b9d8e7f/');
    expect(base()?.url).toBe('moz-extension://0b7e6a4c-1111-4d2b-9c1e-3f5a2b9d8e7f/');
  });
});
