/**
 * The way to the extension, made on the page's first call and not before: a hidden frame of the
 * extension's bridge page (web_accessible_resources) and a MessageChannel to it. The port is
 * returned at once; messages posted before the frame has loaded wait in its queue, which travels
 * with the other end. The bridge takes the page's origin from the browser's `message` event, so
 * nothing here needs to be kept secret from the page's own scripts: they run as the same origin.
 *
 * The port is sent as soon as the bridge says it is listening (its script posts BRIDGE_READY to
 * its parent when it starts), or at the frame's `load` event, whichever comes first: the first
 * call waits for this, so every millisecond counts.
 */
import { BRIDGE_CONNECT, BRIDGE_PAGE, BRIDGE_READY } from '../shared/page-protocol';
import type { ExtensionBase } from './extension-base';

export function openBridgeFrame(win: Window, base: ExtensionBase): MessagePort {
  const doc = win.document;
  const channel = new MessageChannel();
  const frame = doc.createElement('iframe');
  frame.src = `${base.url}${BRIDGE_PAGE}`;
  frame.tabIndex = -1;
  frame.setAttribute('aria-hidden', 'true');
  // Inline !important: a page's own `iframe { display: block !important }` cannot show it.
  frame.style.setProperty('display', 'none', 'important');
  let sent = false;
  const send = (): void => {
    const target = frame.contentWindow;
    if (sent || !target) return;
    sent = true;
    win.removeEventListener('message', onReady, { capture: true });
    // The target origin drops the port if the frame was navigated anywhere but the bridge.
    target.postMessage({ webbits: BRIDGE_CONNECT }, base.origin, [channel.port2]);
  };
  const onReady = (event: MessageEvent): void => {
    const data = event.data as { webbits?: unknown } | null;
    if (event.source !== frame.contentWindow || event.origin !== base.origin) return;
    if (typeof data === 'object' && data !== null && data.webbits === BRIDGE_READY) send();
  };
  win.addEventListener('message', onReady, { capture: true });
  frame.addEventListener('load', send, { once: true });
  (doc.body ?? doc.documentElement).appendChild(frame);
  return channel.port1;
}
