/**
 * The bridge frame: an extension page that an http(s) page's world frames on its first call
 * (src/page/bridge-frame.ts) and hands a MessagePort. The origin it serves is the `origin` of the
 * browser's `message` event that brought the port, accepted only from the frame's own parent
 * (`event.source === parent`); where the browser also reports the embedding origin
 * (`location.ancestorOrigins`, Chrome), both must agree. Nothing the page sends can name an
 * origin. A page that frames the bridge itself gets exactly what its own calls would get.
 */
import { BRIDGE_CONNECT } from '../shared/page-protocol';
import { serveBridgePort, type BridgeEnv, type BridgeSession } from './bridge-session';

/** Ports one frame serves; more are closed (each has its own runtime port). */
export const MAX_PAGE_PORTS = 8;
const SERVED_ORIGIN = /^https?:\/\/[^/]+$/;

export interface BridgeWindow {
  parent: unknown;
  location: { ancestorOrigins?: ArrayLike<string> };
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  addEventListener(type: 'pageshow', listener: (event: PageTransitionEvent) => void): void;
}

/** Why a port from this event is not served, or null when it is. */
export function refusal(win: BridgeWindow, event: MessageEvent): string | null {
  if (win.parent === win || event.source !== win.parent) return 'not from the frame that holds the bridge';
  if (!SERVED_ORIGIN.test(event.origin))
    return 'this page has no origin of its own (sandboxed or opaque) and cannot use WebBITS';
  const ancestor = win.location.ancestorOrigins?.[0];
  if (ancestor !== undefined && ancestor !== event.origin)
    return 'the message did not come from the embedding page';
  return null;
}

export function startBridge(win: BridgeWindow, env: BridgeEnv): void {
  const sessions: BridgeSession[] = [];
  win.addEventListener('message', (event) => {
    const data = event.data as { webbits?: unknown } | null;
    const port = event.ports[0];
    if (typeof data !== 'object' || data === null || data.webbits !== BRIDGE_CONNECT || !port) return;
    const refused = refusal(win, event);
    if (refused !== null || sessions.length >= MAX_PAGE_PORTS) {
      // Say why on the port, so a call waiting there ends instead of hanging.
      const message = refused ?? `this frame serves at most ${MAX_PAGE_PORTS} connections`;
      port.onmessage = (e: MessageEvent) => {
        const id = (e.data as { id?: unknown } | null)?.id;
        if (typeof id === 'number')
          port.postMessage({ kind: 'response', id, ok: false, error: { name: 'NotAllowedError', message } });
      };
      return;
    }
    sessions.push(serveBridgePort(port, event.origin, env));
  });
  win.addEventListener('pageshow', (event) => {
    if (event.persisted) for (const session of sessions) session.revive();
  });
}
