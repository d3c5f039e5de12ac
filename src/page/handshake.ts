/**
 * Hands the relay a private MessagePort at document_start, before any page script runs: a
 * synchronous event both worlds see, whichever of the two scripts ran first. Only the relay and this
 * script ever hold the port's ends, so page scripts can neither read the traffic nor forge it.
 * If the browser does not carry ports across worlds in events, the port goes by window.postMessage
 * on first use (the relay takes the first port offered, and only that one).
 */
import { PAGE_HANDSHAKE_EVENT, RELAY_ADOPTED_EVENT, RELAY_READY_EVENT } from '../shared/page-protocol';

export function offerPort(win: Window): () => MessagePort {
  const channel = new MessageChannel();
  let adopted = false;
  const onAdopted = (): void => {
    adopted = true;
    win.removeEventListener(RELAY_READY_EVENT, offer, true);
  };
  const offer = (): void => {
    if (!adopted) win.dispatchEvent(new MessageEvent(PAGE_HANDSHAKE_EVENT, { ports: [channel.port2] }));
  };
  win.addEventListener(RELAY_ADOPTED_EVENT, onAdopted, { capture: true, once: true });
  win.addEventListener(RELAY_READY_EVENT, offer, true);
  offer();
  // Called on first use: by then the handshake has happened, or it never will.
  return () => {
    if (!adopted) {
      adopted = true;
      win.removeEventListener(RELAY_ADOPTED_EVENT, onAdopted, true);
      win.removeEventListener(RELAY_READY_EVENT, offer, true);
      win.postMessage({ webbits: PAGE_HANDSHAKE_EVENT }, '*', [channel.port2]);
    }
    return channel.port1;
  };
}
