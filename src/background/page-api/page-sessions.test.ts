import { describe, expect, it } from 'vitest';
import type { BackgroundToRelay } from '../../shared/page-protocol';
import { createOriginGate } from './origin-gate';
import { OTHER, SHOP, pageApiSetup } from './page-api-test-support';
import type { PortSender } from './bridge-origin';
import { createPageSessions, type PagePort } from './page-sessions';

function fakePort(sender: PortSender) {
  const received: BackgroundToRelay[] = [];
  let listener: (m: unknown) => void = () => undefined;
  let waiters: Array<() => void> = [];
  const port: PagePort = {
    name: 'webbits-page|x',
    sender,
    postMessage: (m) => {
      received.push(m);
      waiters.splice(0).forEach((w) => w());
    },
    onMessage: { addListener: (l) => (listener = l) },
    onDisconnect: { addListener: () => undefined },
  };
  /** Sends a request and resolves with its response. */
  const call = async (id: number, method: string, args: unknown = null) => {
    listener({ kind: 'request', id, method, args });
    for (;;) {
      const response = received.find((m) => m.kind === 'response' && m.id === id);
      if (response) return response;
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  return { port, received, call, send: (m: unknown) => listener(m), reset: () => (waiters = []) };
}

const tab = (url: string, origin?: string): PortSender => ({
  url,
  ...(origin ? { origin } : {}),
  tab: { id: 1 },
  frameId: 0,
});

describe('page sessions', () => {
  async function setup() {
    const api = await pageApiSetup();
    const sessions = createPageSessions({
      ...api.deps,
      gate: createOriginGate({ concurrency: 4, maxQueued: 10 }),
    });
    return { ...api, sessions };
  }

  it('answers requests and pushes job changes only to the pages of the job origin', async () => {
    const { sessions, engine } = await setup();
    const shop = fakePort(tab(`${SHOP}/store`, SHOP));
    const other = fakePort(tab(`${OTHER}/store`, OTHER));
    sessions.accept(shop.port, SHOP);
    sessions.accept(other.port, OTHER);
    await shop.call(0, 'subscribe', { mirror: false });
    await other.call(0, 'subscribe', { mirror: false });
    const created = await shop.call(1, 'createJob', {
      init: { displayName: 'A', files: [{ url: 'https://cdn.example/1' }] },
    });
    expect(created).toMatchObject({ ok: true, value: { owner: SHOP } });
    const [job] = engine.listJobs(SHOP);
    if (!job) throw new Error('no job');
    sessions.pushJob(job);
    expect(shop.received.filter((m) => m.kind === 'jobchange')).toHaveLength(1);
    expect(other.received.filter((m) => m.kind === 'jobchange')).toHaveLength(0);
    expect(await other.call(2, 'getJob', { id: job.id })).toMatchObject({
      ok: false,
      error: { name: 'BG_E_NOT_FOUND' },
    });
  });

  it('refuses a port without an origin of its own, and ignores what is not a request', async () => {
    const { sessions } = await setup();
    const sandboxed = fakePort(tab('https://sandboxed.example/', 'null'));
    sessions.accept(sandboxed.port, null);
    sandboxed.send({ kind: 'response', id: 1, ok: true, value: 'forged' });
    sandboxed.send('nonsense');
    expect(sandboxed.received).toEqual([]);
    expect(await sandboxed.call(3, 'createJob', { init: {} })).toMatchObject({
      ok: false,
      error: { name: 'NotAllowedError' },
    });
  });

  it("refuses on a relay's port what only the bridge may send: its own methods, and staged data", async () => {
    const { sessions } = await setup();
    const shop = fakePort(tab(`${SHOP}/`, SHOP));
    sessions.accept(shop.port, SHOP, 'relay');
    const ref = { staged: '11111111-2222-4333-8444-555555555555', size: 1, type: '' };
    const init = { displayName: 'u', type: 'upload', files: [{ url: 'https://up.example/', data: ref }] };
    expect(await shop.call(0, 'createJob', { init })).toMatchObject({
      ok: false,
      error: { name: 'TypeError', message: 'files[0].data: must be a Blob or File' },
    });
    expect(await shop.call(1, 'stageBlob', { url: 'blob:x', staged: ref.staged, size: 1 })).toMatchObject({
      ok: false,
      error: { name: 'TypeError', message: 'request: unknown method' },
    });
  });

  it('refuses requests over the size limit with a TypeError', async () => {
    const { sessions } = await setup();
    const shop = fakePort(tab(`${SHOP}/`, SHOP));
    sessions.accept(shop.port, SHOP);
    const huge = { init: { displayName: 'x', files: [], padding: 'x'.repeat(1_100_000) } };
    expect(await shop.call(0, 'createJob', huge)).toMatchObject({ ok: false, error: { name: 'TypeError' } });
  });

  it('hides internal error names behind Error, keeping the message', async () => {
    const { sessions, engine } = await setup();
    engine.listJobs = () => {
      throw new RangeError('store closed');
    };
    const shop = fakePort(tab(`${SHOP}/`, SHOP));
    sessions.accept(shop.port, SHOP);
    expect(await shop.call(0, 'getJobs')).toMatchObject({
      ok: false,
      error: { name: 'Error', message: 'store closed' },
    });
  });
});

describe('page sessions under a flood of subscriptions', () => {
  it('makes one snapshot for subscriptions that arrive while it is being made', async () => {
    const api = await pageApiSetup();
    let snapshots = 0;
    const list = api.deps.collections.list.bind(api.deps.collections);
    api.deps.collections.list = (origin) => {
      snapshots++;
      return list(origin);
    };
    const sessions = createPageSessions({
      ...api.deps,
      gate: createOriginGate({ concurrency: 4, maxQueued: 10 }),
    });
    const shop = fakePort(tab(`${SHOP}/`, SHOP));
    sessions.accept(shop.port, SHOP);
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => shop.call(i, 'subscribe', { mirror: true })),
    );
    expect(answers.every((a) => a.kind === 'response' && a.ok)).toBe(true);
    expect(snapshots).toBe(1);
  });
});
