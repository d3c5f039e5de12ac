import { describe, expect, it } from 'vitest';
import type { FetchPort } from '../ports';
import { aria2Failure, manualTimers } from './fake-transport.test-support';
import { httpTransport } from './http-transport';
import type { JsonRpcRequest } from './transport';

const HREF = 'http://127.0.0.1:6800/jsonrpc';
const REQUEST: JsonRpcRequest = { jsonrpc: '2.0', id: 7, method: 'aria2.getVersion', params: ['token:s'] };

interface Seen {
  url: string;
  init: RequestInit & { signal: AbortSignal };
}

function transportAnswering(answer: (seen: Seen) => Promise<Response>) {
  const seen: Seen[] = [];
  const timers = manualTimers();
  const fetch: FetchPort = (url, init) => {
    seen.push({ url, init });
    return answer({ url, init });
  };
  return { transport: httpTransport({ href: HREF, fetch, timers, timeoutMs: 5000 }), seen, timers };
}

const json = (body: unknown, status = 200) => Promise.resolve(new Response(JSON.stringify(body), { status }));

describe('httpTransport', () => {
  it('POSTs the request as JSON to the address only, without cookies or redirects', async () => {
    const { transport, seen, timers } = transportAnswering(() => json({ id: 7, result: 'x' }));
    expect(await transport.send(REQUEST)).toEqual({ id: 7, result: 'x' });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.url).toBe(HREF);
    expect(seen[0]?.init).toMatchObject({ method: 'POST', redirect: 'manual', credentials: 'omit' });
    expect(JSON.parse(String(seen[0]?.init.body))).toEqual(REQUEST);
    expect(timers.armed).toBe(0);
    expect(transport.notifies).toBe(false);
  });

  it("hands over aria2's own errors, which come with status 400 or 500", async () => {
    const unauthorized = { id: 7, jsonrpc: '2.0', error: { code: 1, message: 'Unauthorized' } };
    const { transport } = transportAnswering(() => json(unauthorized, 400));
    expect(await transport.send(REQUEST)).toEqual(unauthorized);
  });

  it('calls an error status without a JSON-RPC error an http error', async () => {
    const { transport } = transportAnswering(() =>
      Promise.resolve(new Response('<h1>Not Found</h1>', { status: 404 })),
    );
    expect(await aria2Failure(transport.send(REQUEST))).toMatchObject({ kind: 'http', httpStatus: 404 });
    const other = transportAnswering(() => json({ message: 'no' }, 502)).transport;
    expect(await aria2Failure(other.send(REQUEST))).toMatchObject({ kind: 'http', httpStatus: 502 });
  });

  it('calls a 200 that is not JSON a bad answer', async () => {
    const { transport } = transportAnswering(() =>
      Promise.resolve(new Response('<html>router login</html>')),
    );
    expect(await aria2Failure(transport.send(REQUEST))).toMatchObject({
      kind: 'bad-answer',
      message: `aria2 at ${HREF}: the answer is not JSON`,
    });
  });

  it('does not follow a redirect, which would take the secret elsewhere', async () => {
    const { transport } = transportAnswering(() =>
      Promise.resolve(new Response(null, { status: 307, headers: { Location: 'http://elsewhere/' } })),
    );
    expect(await aria2Failure(transport.send(REQUEST))).toMatchObject({ kind: 'http', httpStatus: 307 });
  });

  it('calls a refused connection unreachable, with the reason Node gives', async () => {
    const refused = new TypeError('fetch failed', {
      cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }),
    });
    const { transport } = transportAnswering(() => Promise.reject(refused));
    expect(await aria2Failure(transport.send(REQUEST))).toMatchObject({
      kind: 'unreachable',
      message: `aria2 at ${HREF}: cannot be reached: fetch failed (ECONNREFUSED)`,
    });
  });

  it('gives up after the timeout and calls that unreachable', async () => {
    const { transport, timers } = transportAnswering(
      ({ init }) =>
        new Promise((_resolve, reject) => {
          init.signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        }),
    );
    const pending = aria2Failure(transport.send(REQUEST));
    expect(timers.armed).toBe(1);
    timers.fireAll();
    expect(await pending).toMatchObject({
      kind: 'unreachable',
      message: `aria2 at ${HREF}: no answer within 5 s`,
    });
  });
});
