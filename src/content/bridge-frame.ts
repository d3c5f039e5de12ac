/**
 * The way to the bridge frame, made by the relay on the first call that carries a Blob, not
 * before: a hidden frame of the extension's bridge page (web_accessible_resources) and a
 * MessageChannel to it. Runtime messaging is JSON only in Chrome, so a Blob cannot go the relay's
 * way; the bridge, an extension page, has the Blob staged (src/bridge/). The port is returned at
 * once; messages posted before the frame has loaded wait in its queue, which travels with the
 * other end once the frame's `load` event hands it over. The bridge takes the page's origin from
 * the browser's `message` event.
 */
import { BRIDGE_CONNECT } from '../shared/page-protocol';

/** `url`: `runtime.getURL('bridge.html')`. */
export function openBridgeFrame(doc: Document, url: string): MessagePort {
  const channel = new MessageChannel();
  const frame = doc.createElement('iframe');
  frame.src = url;
  frame.tabIndex = -1;
  frame.setAttribute('aria-hidden', 'true');
  // Inline !important: a page's own `iframe { display: block !important }` cannot show it.
  frame.style.setProperty('display', 'none', 'important');
  // `chrome-extension://<id>`: the target origin drops the port if the frame was navigated elsewhere.
  const origin = url.slice(0, url.indexOf('/', url.indexOf('//') + 2));
  frame.addEventListener(
    'load',
    () => frame.contentWindow?.postMessage({ webbits: BRIDGE_CONNECT }, origin, [channel.port2]),
    { once: true },
  );
  (doc.body ?? doc.documentElement).appendChild(frame);
  return channel.port1;
}
