/**
 * Firefox's way to the extension's base URL (extension-base.ts): the isolated-world script
 * src/firefox-base/ dispatches BASE_EVENT on `window` with the URL as `detail`, when it starts
 * and again whenever page.js asks with ASK_BASE_EVENT, so the order in which the two scripts run
 * does not matter. Both run at document_start, before any page script, and only the first
 * announcement is kept, so a page script's later event cannot move the bridge.
 */
import { extensionBaseFromStack, type ExtensionBase } from './extension-base';

export const BASE_EVENT = 'webbits:base';
export const ASK_BASE_EVENT = 'webbits:ask-base';

/** Starts listening now; the returned function gives the base announced so far (or null). */
export function listenForBase(win: Window): () => ExtensionBase | null {
  let base: ExtensionBase | null = null;
  const onBase = (event: Event): void => {
    const detail = (event as CustomEvent<unknown>).detail;
    base = typeof detail === 'string' ? extensionBaseFromStack(detail) : null;
    if (base) win.removeEventListener(BASE_EVENT, onBase, { capture: true });
  };
  win.addEventListener(BASE_EVENT, onBase, { capture: true });
  win.dispatchEvent(new Event(ASK_BASE_EVENT));
  return () => base;
}
