/**
 * The origin a page port serves. Ports come from the bridge frame (src/bridge/), which learned its
 * page's origin from the browser's `message` event and names it in the port: `webbits-page|<origin>`.
 * The background believes that name only from a sender that is the bridge page itself, in a tab;
 * from anything else (a content script, another extension page, a page's own frame of something
 * else) the port gets no origin, and every call on it is refused with NotAllowedError.
 */
import { PAGE_PORT_NAME } from '../../shared/page-protocol';

export interface PortSender {
  url?: string;
  origin?: string;
  tab?: { id?: number };
  frameId?: number;
}

/** http(s) origins only, in the browser's serialization: `https://shop.example:8443`. */
const SERVED_ORIGIN = /^https?:\/\/[^/?#@\s]+$/;

export function isBridgePortName(name: string): boolean {
  return name.startsWith(`${PAGE_PORT_NAME}|`);
}

/** `bridgeUrl` is `runtime.getURL('bridge.html')`; the sender's query and fragment are ignored. */
export function originOfBridgePort(
  name: string,
  sender: PortSender | undefined,
  bridgeUrl: string,
): string | null {
  if (!isBridgePortName(name) || !sender?.tab || !sender.url) return null;
  if (sender.url.split(/[?#]/)[0] !== bridgeUrl) return null;
  const origin = name.slice(PAGE_PORT_NAME.length + 1);
  if (!SERVED_ORIGIN.test(origin)) return null;
  try {
    // The browser's own serialization: no path, no default port, lower case.
    return new URL(origin).origin === origin ? origin : null;
  } catch {
    return null;
  }
}
