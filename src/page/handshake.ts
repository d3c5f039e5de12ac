/**
 * Hands the relay a private MessagePort: a synchronous event both worlds see. Only the relay and
 * this script ever hold the port's ends, so page scripts can neither read the traffic nor forge it.
 *
 * Both scripts run at document_start, in either order. A relay that runs first is listening when
 * this script offers the port; one that runs second announces itself with RELAY_READY_EVENT and
 * this script answers with the port. Calls made before the relay has the port wait in the port's
 * queue, which travels with it. If the browser does not carry ports across worlds in events, the
 * port goes by window.postMessage once the page has used the API and the relay is there (the relay
 * takes the first port offered, and only that one).
 */
import { PAGE_HANDSHAKE_EVENT, RELAY_ADOPTED_EVENT, RELAY_READY_EVENT } from '../shared/page-protocol';

export function offerPort(win: Window): () => MessagePort {
  const channel = new MessageChannel();
  let adopted = false;
  let relayReady = false;
  let used = false;
  const stopListening = (): void => {
    win.removeEventListener(RELAY_ADOPTED_EVENT, onAdopted, true);
    win.removeEventListener(RELAY_READY_EVENT, onReady, true);
  };
  function onAdopted(): void {
    adopted = true;
    stopListening();
  }
  /** The event could not carry the port: send it by postMessage, once. */
  const postPort = (): void => {
    if (adopted) return;
    adopted = true;
    stopListening();
    win.postMessage({ webbits: PAGE_HANDSHAKE_EVENT }, '*', [channel.port2]);
  };
  const offer = (): void => {
    if (!adopted) win.dispatchEvent(new MessageEvent(PAGE_HANDSHAKE_EVENT, { ports: [channel.port2] }));
  };
  function onReady(): void {
    relayReady = true;
    offer();
    if (used) postPort();
  }
  win.addEventListener(RELAY_ADOPTED_EVENT, onAdopted, true);
  win.addEventListener(RELAY_READY_EVENT, onReady, true);
  // A relay that ran first is listening already.
  offer();
  // Called on first use.
  return () => {
    used = true;
    if (relayReady) postPort();
    return channel.port1;
  };
}
