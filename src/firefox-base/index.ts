/**
 * Content script, Firefox only (isolated world, document_start, every http(s) frame): tells
 * page.js the extension's base URL, which Firefox keeps from the page's world
 * (src/page/announced-base.ts). It does nothing else: the page's calls go through the bridge
 * frame, as in Chromium.
 */
const BASE_EVENT = 'webbits:base';
const ASK_BASE_EVENT = 'webbits:ask-base';

const runtime = (globalThis as unknown as { browser?: { runtime?: { getURL(path: string): string } } })
  .browser?.runtime;
if (runtime) {
  const base = runtime.getURL('');
  const announce = (): void => void window.dispatchEvent(new CustomEvent(BASE_EVENT, { detail: base }));
  window.addEventListener(ASK_BASE_EVENT, announce, { capture: true });
  announce();
}
