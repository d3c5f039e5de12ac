/**
 * The origin a page port serves, from two kinds of port:
 *
 * - the relay's (`webbits-page`, a content script in a tab's frame): the origin is the browser's
 *   record of the sender (`sender.origin`, else the origin of `sender.url`);
 * - the bridge frame's (src/bridge/), which learned its page's origin from the browser's `message`
 *   event and names it in the port: `webbits-page|<origin>`. The background believes that name
 *   only from a sender that is the bridge page itself, in a tab.
 *
 * From anything else the port gets no origin, and every call on it is refused with NotAllowedError.
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

/** The origin a relay's port serves; null when opaque, or not a tab's page. */
export function originOfRelayPort(sender: PortSender | undefined): string | null {
  if (!sender?.tab) return null;
  const origin = sender.origin ?? (sender.url ? safeOrigin(sender.url) : null);
  return origin !== null && SERVED_ORIGIN.test(origin) ? origin : null;
}

function safeOrigin(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}
