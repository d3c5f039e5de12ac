import { afterEach, describe, expect, it } from 'vitest';
import { offerPort } from '../page/handshake';
import { PAGE_HANDSHAKE_EVENT, type PageResponse } from '../shared/page-protocol';
import { startRelay } from './relay';
import type { RuntimePortLike } from '../shared/page-protocol';

/**
 * A window both scripts share, as the MAIN and isolated worlds share the DOM. With `portless`,
 * events lose their ports between the worlds, and window.postMessage carries them instead.
 */
function fakeWindow(origin = 'https://shop.example', portless = false) {
  const target = new EventTarget();
  const win = Object.assign(target, {
    origin,
    postMessage(data: unknown, _origin: string, transfer: MessagePort[] = []) {
      setTimeout(() =>
        target.dispatchEvent(Object.assign(new Event('message'), { data, ports: transfer, source: win })),
      );
    },
  });
  if (portless) {
    const dispatch = target.dispatchEvent.bind(target);
    target.dispatchEvent = (event: Event) =>
      dispatch(
        event instanceof MessageEvent && event.ports.length > 0 ? new MessageEvent(event.type) : event,
      );
  }
  return win as unknown as Window & typeof globalThis;
}

function fakeRuntime() {
  const ports: Array<RuntimePortLike & { sent: unknown[]; receive(m: unknown): void; drop(): void }> = [];
  const connect = (): RuntimePortLike => {
    const onMessage: Array<(m: unknown) => void> = [];
    const onDisconnect: Array<() => void> = [];
    const port = {
      sent: [] as unknown[],
      postMessage: (m: unknown) => port.sent.push(m),
      disconnect: () => undefined,
      onMessage: { addListener: (l: (m: unknown) => void) => onMessage.push(l) },
      onDisconnect: { addListener: (l: () => void) => onDisconnect.push(l) },
      receive: (m: unknown) => onMessage.forEach((l) => l(m)),
      drop: () => onDisconnect.forEach((l) => l()),
    };
    ports.push(port);
    return port;
  };
  return { ports, connect };
}

const opened: MessagePort[] = [];
const noBridge = (): MessagePort => {
  throw new Error('no call here carries data');
};
afterEach(() => opened.splice(0).forEach((p) => p.close()));

function nextMessage(port: MessagePort): Promise<unknown> {
  return new Promise((resolve) =>
    port.addEventListener('message', (e) => resolve((e as MessageEvent).data), { once: true }),
  );
}
const tick = () => new Promise((resolve) => setTimeout(resolve, 10));

function setup(origin?: string, relayFirst = true, portless = false) {
  const win = fakeWindow(origin, portless);
  const runtime = fakeRuntime();
  let getPort: () => MessagePort;
  if (relayFirst) {
    startRelay({ window: win, connect: runtime.connect, openBridge: noBridge });
    getPort = offerPort(win);
  } else {
    getPort = offerPort(win);
    startRelay({ window: win, connect: runtime.connect, openBridge: noBridge });
  }
  const page = getPort();
  page.start();
  opened.push(page);
  return { win, runtime, page };
}

describe('relay', () => {
  it.each([
    [true, false],
    [false, false],
    [true, true],
    [false, true],
  ])(
    'takes the page port whichever script ran first (relay first: %s, ports lost in events: %s)',
    async (relayFirst, portless) => {
      const { runtime, page } = setup(undefined, relayFirst, portless);
      expect(runtime.ports).toHaveLength(0); // nothing talks to the extension before the first call
      page.postMessage({ kind: 'request', id: 0, method: 'getJobs', args: null });
      await tick();
      expect(runtime.ports).toHaveLength(1);
      expect(runtime.ports[0]?.sent).toEqual([{ kind: 'request', id: 0, method: 'getJobs', args: null }]);
      const answer = nextMessage(page);
      runtime.ports[0]?.receive({ kind: 'response', id: 0, ok: true, value: [] });
      expect(await answer).toEqual({ kind: 'response', id: 0, ok: true, value: [] });
    },
  );

  it.each([false, true])(
    'keeps calls made before the relay started, and sends them once it does (ports lost in events: %s)',
    async (portless) => {
      const win = fakeWindow(undefined, portless);
      const runtime = fakeRuntime();
      const page = offerPort(win)();
      page.start();
      opened.push(page);
      page.postMessage({ kind: 'request', id: 0, method: 'getJobs', args: null });
      await tick();
      expect(runtime.ports).toHaveLength(0);
      startRelay({ window: win, connect: runtime.connect, openBridge: noBridge });
      await tick();
      expect(runtime.ports[0]?.sent).toEqual([{ kind: 'request', id: 0, method: 'getJobs', args: null }]);
      const answer = nextMessage(page);
      runtime.ports[0]?.receive({ kind: 'response', id: 0, ok: true, value: [] });
      expect(await answer).toEqual({ kind: 'response', id: 0, ok: true, value: [] });
    },
  );

  it('answers a malformed request itself and forwards nothing', async () => {
    const { runtime, page } = setup();
    const answer = nextMessage(page);
    page.postMessage({ kind: 'request', id: 4, method: 'removeEverything', args: null });
    page.postMessage('hello');
    page.postMessage({ kind: 'request', id: -1, method: 'getJobs' });
    expect(await answer).toMatchObject({ id: 4, ok: false, error: { name: 'TypeError' } });
    await tick();
    expect(runtime.ports).toHaveLength(0);
  });

  it('ignores a second port offered later by a page script', async () => {
    const { win, runtime } = setup();
    const forged = new MessageChannel();
    opened.push(forged.port1, forged.port2);
    win.dispatchEvent(new MessageEvent(PAGE_HANDSHAKE_EVENT, { ports: [forged.port2] }));
    forged.port1.postMessage({ kind: 'request', id: 0, method: 'getJobs', args: null });
    await tick();
    expect(runtime.ports).toHaveLength(0);
  });

  it('refuses opaque origins without asking the background', async () => {
    const { runtime, page } = setup('null');
    const answer = nextMessage(page);
    page.postMessage({ kind: 'request', id: 1, method: 'requestAccess', args: null });
    expect(await answer).toMatchObject({ id: 1, ok: false, error: { name: 'NotAllowedError' } });
    expect(runtime.ports).toHaveLength(0);
  });

  it('fails calls in flight when the background goes away, and subscribes again on the next port', async () => {
    const { runtime, page } = setup();
    page.postMessage({ kind: 'request', id: 0, method: 'subscribe', args: { mirror: true } });
    page.postMessage({ kind: 'request', id: 1, method: 'getJobs', args: null });
    await tick();
    runtime.ports[0]?.receive({ kind: 'response', id: 0, ok: true, value: { collections: [], jobs: [] } });
    const failed = new Promise<PageResponse>((resolve) =>
      page.addEventListener('message', (e) => {
        const data = (e as MessageEvent).data as PageResponse;
        if (data.kind === 'response' && data.id === 1) resolve(data);
      }),
    );
    runtime.ports[0]?.drop();
    expect(await failed).toMatchObject({ ok: false, error: { name: 'AbortError' } });
    // Nothing was running: no reconnection until the page calls again.
    expect(runtime.ports).toHaveLength(1);
    page.postMessage({ kind: 'request', id: 2, method: 'getJobs', args: null });
    await tick();
    expect(runtime.ports).toHaveLength(2);
    const sent = runtime.ports[1]?.sent as Array<{ method: string }>;
    expect(sent.map((m) => m.method)).toEqual(['subscribe', 'getJobs']);
  });

  it('reconnects at once when the background went away while this page had a job transferring', async () => {
    const { runtime, page } = setup();
    page.postMessage({ kind: 'request', id: 0, method: 'subscribe', args: { mirror: false } });
    await tick();
    runtime.ports[0]?.receive({ kind: 'jobchange', job: { id: 'j', state: 'TRANSFERRING' } });
    runtime.ports[0]?.drop();
    expect(runtime.ports).toHaveLength(2);
    expect((runtime.ports[1]?.sent[0] as { method: string }).method).toBe('subscribe');
  });

  it('hands a createJob that carries a Blob to the bridge frame, made on that call, and passes its answer back', async () => {
    const win = fakeWindow();
    const runtime = fakeRuntime();
    const bridgeChannel = new MessageChannel();
    opened.push(bridgeChannel.port1, bridgeChannel.port2);
    let bridges = 0;
    startRelay({
      window: win,
      connect: runtime.connect,
      openBridge: () => {
        bridges++;
        return bridgeChannel.port1;
      },
    });
    const page = offerPort(win)();
    page.start();
    opened.push(page);
    page.postMessage({ kind: 'request', id: 0, method: 'getJobs', args: null });
    await tick();
    expect(bridges).toBe(0);
    const blob = new Blob(['abc']);
    const init = { displayName: 'u', type: 'upload', files: [{ url: 'https://up.example/', data: blob }] };
    const atBridge = nextMessage(bridgeChannel.port2);
    page.postMessage({ kind: 'request', id: 1, method: 'createJob', args: { init } });
    const forwarded = (await atBridge) as { id: number; args: { init: { files: Array<{ data: Blob }> } } };
    expect(bridges).toBe(1);
    expect(forwarded.id).toBe(1);
    expect(await forwarded.args.init.files[0]?.data.text()).toBe('abc');
    expect(runtime.ports[0]?.sent.map((m) => (m as { method: string }).method)).toEqual(['getJobs']);
    const answer = nextMessage(page);
    bridgeChannel.port2.postMessage({ kind: 'response', id: 1, ok: true, value: { id: 'j1' } });
    expect(await answer).toEqual({ kind: 'response', id: 1, ok: true, value: { id: 'j1' } });
  });
});
