/**
 * The isolated-world relay: receives the page's private MessagePort once (the first one offered,
 * normally at document_start, before any page script ran), forwards checked requests to the
 * background over one runtime port opened on first use, and passes answers and pushes back. A
 * createJob that carries a Blob (an upload's data) cannot cross runtime messaging (JSON only in
 * Chrome): it goes to the bridge frame instead (bridge-frame.ts), made on the first such call.
 */
import type { JobState } from '../engine/types';
import {
  PAGE_HANDSHAKE_EVENT,
  PAGE_PORT_NAME,
  RELAY_ADOPTED_EVENT,
  carriesData,
  RELAY_READY_EVENT,
  type BackgroundToRelay,
  type PageRequest,
  type RuntimePortLike,
} from '../shared/page-protocol';
import { checkEnvelope } from '../bridge/envelope';

export interface RelayEnv {
  window: Pick<Window, 'addEventListener' | 'removeEventListener' | 'dispatchEvent'> & { origin: string };
  connect(name: string): RuntimePortLike;
  /** Makes the bridge frame and returns the port to it (bridge-frame.ts). */
  openBridge(): MessagePort;
}

/** States in which the background is working on a job, so a dropped port means it restarted. */
const ACTIVE_STATES: readonly JobState[] = ['QUEUED', 'CONNECTING', 'TRANSFERRING', 'TRANSFERRED'];
/** Ids the relay itself uses for re-subscribing; pages count up from 0. */
const RELAY_ID_BASE = Number.MAX_SAFE_INTEGER - 1_000_000;

export function startRelay(env: RelayEnv): void {
  let pagePort: MessagePort | null = null;
  let background: RuntimePortLike | null = null;
  let bridge: MessagePort | null = null;
  let subscription: PageRequest | null = null;
  let relayIds = RELAY_ID_BASE;
  const inFlight = new Set<number>();
  const jobStates = new Map<string, JobState>();

  const toPage = (message: BackgroundToRelay): void => pagePort?.postMessage(message);
  const fail = (id: number, name: string, message: string): void =>
    toPage({ kind: 'response', id, ok: false, error: { name, message } });

  const fromBackground = (message: unknown): void => {
    const m = message as BackgroundToRelay;
    if (typeof m !== 'object' || m === null) return;
    if (m.kind === 'jobchange') jobStates.set(m.job.id, m.job.state);
    else if (m.kind === 'jobremoved') jobStates.delete(m.id);
    else if (m.kind === 'mirror') for (const job of m.jobs) jobStates.set(job.id, job.state);
    else if (m.kind === 'response') {
      if (m.id >= RELAY_ID_BASE) {
        // A re-subscription after a restart: the page gets it as a fresh mirror.
        const value = m.ok ? (m.value as { collections?: unknown; jobs?: unknown } | null) : null;
        if (subscription && (subscription.args as { mirror?: boolean }).mirror && value) {
          toPage({
            kind: 'mirror',
            ...(value as Pick<Extract<BackgroundToRelay, { kind: 'mirror' }>, 'collections' | 'jobs'>),
          });
        }
        return;
      }
      inFlight.delete(m.id);
    } else if (m.kind !== 'collections') return;
    toPage(m);
  };

  const connect = (): RuntimePortLike => {
    const port = env.connect(PAGE_PORT_NAME);
    port.onMessage.addListener(fromBackground);
    port.onDisconnect.addListener(() => {
      background = null;
      for (const id of inFlight)
        fail(id, 'AbortError', 'WebBITS restarted while this call was in progress; try again');
      inFlight.clear();
      // The worker was stopped while it worked on this page's jobs: wake it and listen again.
      const busy = [...jobStates.values()].some((state) => ACTIVE_STATES.includes(state));
      if (subscription && busy) {
        try {
          open();
        } catch {
          // The extension was reloaded or removed: nothing to reconnect to.
        }
      }
    });
    return port;
  };
  /** A new background session knows nothing of this page: it subscribes again first. */
  const open = (): RuntimePortLike => {
    const port = connect();
    background = port;
    if (subscription) port.postMessage({ ...subscription, id: relayIds++ });
    return port;
  };
  const send = (request: PageRequest): void => {
    (background ?? open()).postMessage(request);
  };

  const fromPage = (event: MessageEvent): void => {
    const checked = checkEnvelope(event.data);
    if (!checked.ok) {
      if (checked.id !== null) fail(checked.id, 'TypeError', checked.problem);
      return;
    }
    const { request } = checked;
    if (env.window.origin === 'null') {
      fail(
        request.id,
        'NotAllowedError',
        'this page has no origin of its own (sandboxed or opaque) and cannot use WebBITS',
      );
      return;
    }
    if (carriesData(request.method, request.args)) {
      if (!bridge) {
        bridge = env.openBridge();
        // The bridge answers these calls; it sends nothing else.
        bridge.onmessage = (e: MessageEvent) => {
          const m = e.data as BackgroundToRelay | null;
          if (typeof m === 'object' && m !== null && m.kind === 'response') toPage(m);
        };
      }
      bridge.postMessage(request);
      return;
    }
    inFlight.add(request.id);
    try {
      send(request);
      if (request.method === 'subscribe') subscription = request;
    } catch {
      inFlight.delete(request.id);
      fail(request.id, 'AbortError', 'WebBITS is not available (the extension was reloaded or removed)');
    }
  };

  const adopt = (port: MessagePort | undefined): void => {
    if (pagePort || !port) return; // the first port wins; later offers are ignored
    pagePort = port;
    port.onmessage = fromPage;
    env.window.removeEventListener(PAGE_HANDSHAKE_EVENT, onHandshake, true);
    env.window.removeEventListener('message', onWindowMessage, true);
    env.window.dispatchEvent(new Event(RELAY_ADOPTED_EVENT));
  };
  let answeredPortless = false;
  const onHandshake = (event: Event): void => {
    const port = (event as MessageEvent).ports?.[0];
    if (port) return adopt(port);
    // The event lost its port on the way between worlds: say once more that the relay is here,
    // so the page sends its port by postMessage instead.
    if (answeredPortless) return;
    answeredPortless = true;
    env.window.dispatchEvent(new Event(RELAY_READY_EVENT));
  };
  // Fallback when the synchronous handshake did not happen (the page offers its port on first use).
  const onWindowMessage = (event: MessageEvent): void => {
    if (event.source !== env.window) return;
    const data = event.data as { webbits?: unknown } | null;
    if (typeof data === 'object' && data !== null && data.webbits === PAGE_HANDSHAKE_EVENT)
      adopt(event.ports[0]);
  };
  // Back from the back/forward cache: the browser closed the port meanwhile; listen again.
  env.window.addEventListener('pageshow', (event) => {
    if (!(event as PageTransitionEvent).persisted || !subscription || background) return;
    try {
      open();
    } catch {
      // The extension was reloaded or removed.
    }
  });
  env.window.addEventListener(PAGE_HANDSHAKE_EVENT, onHandshake, true);
  env.window.addEventListener('message', onWindowMessage, true);
  env.window.dispatchEvent(new Event(RELAY_READY_EVENT));
}
