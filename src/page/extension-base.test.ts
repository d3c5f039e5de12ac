import { describe, expect, it } from 'vitest';
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
