import { afterEach, describe, expect, it } from 'vitest';
import type { PageResponse } from '../shared/page-protocol';
import { serveBridgePort } from './bridge-session';
import type { RuntimePortLike } from '../shared/page-protocol';

type FakePort = RuntimePortLike & {
  name: string;
  sent: Array<{ id: number; method: string; args: unknown }>;
};

function fakeRuntime() {
  const ports: Array<FakePort & { receive(m: unknown): void; drop(): void }> = [];
  const connect = (name: string): RuntimePortLike => {
    const onMessage: Array<(m: unknown) => void> = [];
    const onDisconnect: Array<() => void> = [];
    const port = {
      name,
      sent: [] as FakePort['sent'],
      postMessage: (m: unknown) => port.sent.push(m as FakePort['sent'][number]),
      disconnect: () => undefined,
      onMessage: { addListener: (l: (m: unknown) => void) => onMessage.push(l) },
      onDisconnect: { addListener: (l: () => void) => onDisconnect.push(l) },
      receive: (m: unknown) => onMessage.forEach((l) => l(m)),
      drop: () => onDisconnect.forEach((l) => l()),
    };
    ports.push(port);
    return port;
  };
  /** Answers the request with `method` on the latest port. */
  const answer = (method: string, value: unknown, ok = true) => {
    const port = ports.at(-1);
    const request = port?.sent.find((m) => m.method === method);
    if (!port || !request) throw new Error(`no ${method} request`);
    port.receive(
      ok
        ? { kind: 'response', id: request.id, ok, value }
        : { kind: 'response', id: request.id, ok, error: value },
    );
  };
  return { ports, connect, answer };
}

/** blob: URLs as the bridge makes and revokes them. */
function fakeBlobUrls() {
  const live = new Map<string, Blob>();
  let n = 0;
  return {
    live,
    create(blob: Blob) {
      const url = `blob:chrome-extension://abc/${n++}`;
      live.set(url, blob);
      return url;
    },
    revoke(url: string) {
      live.delete(url);
    },
  };
}

const opened: MessagePort[] = [];
afterEach(() => opened.splice(0).forEach((p) => p.close()));
const tick = () => new Promise((resolve) => setTimeout(resolve, 10));

function setup() {
  const runtime = fakeRuntime();
  const blobUrls = fakeBlobUrls();
  const channel = new MessageChannel();
  opened.push(channel.port1, channel.port2);
  const session = serveBridgePort(channel.port2, 'https://shop.example', {
    connect: runtime.connect,
    blobUrls,
    newId: () => '11111111-2222-4333-8444-555555555555',
  });
  const page = channel.port1;
  const received: unknown[] = [];
  page.onmessage = (e) => received.push(e.data);
  const response = async (id: number): Promise<PageResponse> => {
    for (let i = 0; i < 100; i++) {
      const found = received.find(
        (m) => (m as PageResponse).kind === 'response' && (m as PageResponse).id === id,
      );
      if (found) return found as PageResponse;
      await tick();
    }
    throw new Error(`no response ${id}`);
  };
  return { runtime, blobUrls, page, received, response, session };
}

describe('bridge session', () => {
  it('connects on the first request, named after the origin, and passes answers back', async () => {
    const { runtime, page, response } = setup();
    await tick();
    expect(runtime.ports).toHaveLength(0); // nothing talks to the extension before the first call
    page.postMessage({ kind: 'request', id: 7, method: 'getJobs', args: null });
    await tick();
    expect(runtime.ports.map((p) => p.name)).toEqual(['webbits-page|https://shop.example']);
    expect(runtime.ports[0]?.sent).toEqual([{ kind: 'request', id: 0, method: 'getJobs', args: null }]);
    runtime.answer('getJobs', []);
    expect(await response(7)).toEqual({ kind: 'response', id: 7, ok: true, value: [] });
  });

  it("answers malformed requests and the bridge's own methods itself, forwarding nothing", async () => {
    const { runtime, page, response } = setup();
    page.postMessage({ kind: 'request', id: 4, method: 'removeEverything', args: null });
    page.postMessage({ kind: 'request', id: 5, method: 'checkJob', args: { init: {} } });
    page.postMessage('hello');
    page.postMessage({ kind: 'request', id: -1, method: 'getJobs' });
    expect(await response(4)).toMatchObject({ ok: false, error: { name: 'TypeError' } });
    expect(await response(5)).toMatchObject({ ok: false, error: { name: 'TypeError' } });
    expect(runtime.ports).toHaveLength(0);
  });

  it('has the Blob staged only after checkJob passed, then creates the job with the reference', async () => {
    const { runtime, blobUrls, page, response } = setup();
    const blob = new Blob(['abc']);
    const init = { displayName: 'u', type: 'upload', files: [{ url: 'https://up.example/', data: blob }] };
    page.postMessage({ kind: 'request', id: 1, method: 'createJob', args: { init } });
    await tick();
    const ref = { staged: '11111111-2222-4333-8444-555555555555', size: 3, type: '' };
    const sent = runtime.ports[0]?.sent ?? [];
    expect(sent.map((m) => m.method)).toEqual(['checkJob']);
    expect(sent[0]?.args).toEqual({ init: { ...init, files: [{ url: 'https://up.example/', data: ref }] } });
    expect(blobUrls.live.size).toBe(0);
    runtime.answer('checkJob', null);
    await tick();
    expect(sent[1]).toMatchObject({
      method: 'stageBlob',
      args: { url: 'blob:chrome-extension://abc/0', staged: ref.staged, size: 3 },
    });
    expect(blobUrls.live.get('blob:chrome-extension://abc/0')).toBeInstanceOf(Blob);
    runtime.answer('stageBlob', null);
    await tick();
    expect(blobUrls.live.size).toBe(0); // revoked once the background has read it
    expect(sent.map((m) => m.method)).toEqual(['checkJob', 'stageBlob', 'createJob']);
    expect(sent[2]?.args).toEqual(sent[0]?.args);
    runtime.answer('createJob', { id: 'j1' });
    expect(await response(1)).toMatchObject({ ok: true, value: { id: 'j1' } });
  });

  it('stages nothing when checkJob fails, and stops when staging fails', async () => {
    const { runtime, blobUrls, page, response } = setup();
    const args = {
      init: {
        displayName: 'u',
        type: 'upload',
        files: [{ url: 'https://up.example/', data: new Blob(['x']) }],
      },
    };
    page.postMessage({ kind: 'request', id: 1, method: 'createJob', args });
    await tick();
    runtime.answer('checkJob', { name: 'NotAllowedError', message: 'blocked' }, false);
    expect(await response(1)).toMatchObject({ ok: false, error: { name: 'NotAllowedError' } });
    expect(runtime.ports[0]?.sent.map((m) => m.method)).toEqual(['checkJob']);

    page.postMessage({ kind: 'request', id: 2, method: 'createJob', args });
    await tick();
    runtime.ports[0]?.sent.splice(0, 1); // the first checkJob is answered
    runtime.answer('checkJob', null);
    await tick();
    runtime.answer(
      'stageBlob',
      { name: 'QuotaExceededError', message: 'files[0].data: not enough space' },
      false,
    );
    expect(await response(2)).toMatchObject({ ok: false, error: { name: 'QuotaExceededError' } });
    expect(runtime.ports[0]?.sent.map((m) => m.method)).toEqual(['checkJob', 'stageBlob']);
    expect(blobUrls.live.size).toBe(0);
  });

  it('fails calls in flight when the background goes away, and subscribes again on the next call', async () => {
    const { runtime, page, response, received } = setup();
    page.postMessage({ kind: 'request', id: 0, method: 'subscribe', args: { mirror: true } });
    page.postMessage({ kind: 'request', id: 1, method: 'getJobs', args: null });
    await tick();
    runtime.answer('subscribe', { collections: [], jobs: [] });
    runtime.ports[0]?.drop();
    expect(await response(1)).toMatchObject({ ok: false, error: { name: 'AbortError' } });
    await tick();
    expect(runtime.ports).toHaveLength(1); // nothing was running: no reconnection yet
    page.postMessage({ kind: 'request', id: 2, method: 'getJobs', args: null });
    await tick();
    expect(runtime.ports[1]?.sent.map((m) => m.method)).toEqual(['subscribe', 'getJobs']);
    runtime.answer('subscribe', { collections: [{ id: 5, jobIds: [] }], jobs: [] });
    await tick();
    expect(received).toContainEqual({ kind: 'mirror', collections: [{ id: 5, jobIds: [] }], jobs: [] });
  });

  it('reconnects at once when the background went away while a job of this page was transferring', async () => {
    const { runtime, page } = setup();
    page.postMessage({ kind: 'request', id: 0, method: 'subscribe', args: { mirror: false } });
    await tick();
    runtime.ports[0]?.receive({ kind: 'jobchange', job: { id: 'j', state: 'TRANSFERRING' } });
    runtime.ports[0]?.drop();
    expect(runtime.ports).toHaveLength(2);
    expect(runtime.ports[1]?.sent[0]?.method).toBe('subscribe');
  });

  it('passes pushes to the page and drops anything else the background might send', async () => {
    const { runtime, page, received } = setup();
    page.postMessage({ kind: 'request', id: 0, method: 'subscribe', args: { mirror: false } });
    await tick();
    runtime.ports[0]?.receive({ kind: 'jobchange', job: { id: 'j', state: 'QUEUED' } });
    runtime.ports[0]?.receive({ kind: 'unknown' });
    runtime.ports[0]?.receive({ kind: 'response', id: 999, ok: true, value: 'stray' });
    await tick();
    expect(received).toEqual([{ kind: 'jobchange', job: { id: 'j', state: 'QUEUED' } }]);
  });
});
