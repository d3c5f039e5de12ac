import { describe, expect, it } from 'vitest';
import { aria2Failure, manualTimers } from './fake-transport.test-support';
import type { Aria2Notification } from './aria2-schemas';
import { WsTransport, type WebSocketLike } from './ws-transport';
import type { JsonRpcRequest } from './transport';

const HREF = 'ws://127.0.0.1:6800/jsonrpc';
const GID = '2089b05ecca3d829';
const request = (id: number): JsonRpcRequest => ({
  jsonrpc: '2.0',
  id,
  method: 'aria2.getVersion',
  params: [],
});

type Listener = (event: { data: unknown }) => void;

/** A WebSocket the test opens, feeds and breaks by hand. */
function fakeSockets() {
  const made: FakeSocket[] = [];
  class FakeSocket implements WebSocketLike {
    readyState = 0;
    readonly sent: unknown[] = [];
    private readonly listeners = new Map<string, Listener[]>();
    constructor(readonly url: string) {
      made.push(this);
    }
    addEventListener(type: string, listener: Listener): void {
      this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
    }
    send(data: string): void {
      if (this.readyState !== 1) throw new Error('not open');
      this.sent.push(JSON.parse(data));
    }
    close(): void {
      if (this.readyState === 3) return;
      this.readyState = 3;
      this.emit('close');
    }
    open(): void {
      this.readyState = 1;
      this.emit('open');
    }
    receive(data: unknown): void {
      this.emit('message', typeof data === 'string' ? data : JSON.stringify(data));
    }
    fail(): void {
      this.emit('error');
      this.close();
    }
    private emit(type: string, data?: unknown): void {
      for (const listener of this.listeners.get(type) ?? []) listener({ data });
    }
  }
  return { FakeSocket, made };
}

function setup() {
  const { FakeSocket, made } = fakeSockets();
  const timers = manualTimers();
  const transport = new WsTransport({ href: HREF, WebSocket: FakeSocket, timers, timeoutMs: 5000 });
  const socket = (index = 0) => {
    const s = made[index];
    if (s === undefined) throw new Error(`no socket ${index}`);
    return s;
  };
  return { transport, made, socket, timers };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('WsTransport', () => {
  it('opens one socket for calls made together and matches answers to requests by id', async () => {
    const { transport, made, socket } = setup();
    const first = transport.send(request(1));
    const second = transport.send(request(2));
    expect(made).toHaveLength(1);
    expect(socket().url).toBe(HREF);
    socket().open();
    await tick();
    expect(socket().sent).toEqual([request(1), request(2)]);
    socket().receive({ id: 2, jsonrpc: '2.0', result: 'two' });
    socket().receive({ id: 1, jsonrpc: '2.0', result: 'one' });
    expect(await first).toEqual({ id: 1, jsonrpc: '2.0', result: 'one' });
    expect(await second).toEqual({ id: 2, jsonrpc: '2.0', result: 'two' });
    expect(transport.notifies).toBe(true);
  });

  it('delivers the six notifications to every subscriber and ignores ones it does not know', async () => {
    const { transport, socket } = setup();
    const seen: Aria2Notification[] = [];
    const other: Aria2Notification[] = [];
    transport.subscribe(() => {
      throw new Error('a careless subscriber');
    });
    transport.subscribe((n) => seen.push(n));
    const unsubscribe = transport.subscribe((n) => other.push(n));
    const call = transport.send(request(1));
    socket().open();
    await tick();
    const methods = [
      'aria2.onDownloadStart',
      'aria2.onDownloadPause',
      'aria2.onDownloadStop',
      'aria2.onDownloadComplete',
      'aria2.onDownloadError',
      'aria2.onBtDownloadComplete',
    ] as const;
    for (const method of methods) socket().receive({ jsonrpc: '2.0', method, params: [{ gid: GID }] });
    socket().receive({ jsonrpc: '2.0', method: 'aria2.onSomethingNew', params: [{ gid: GID }] });
    socket().receive({ jsonrpc: '2.0', method: 'aria2.onDownloadStart', params: [{ gid: 'not-a-gid' }] });
    unsubscribe();
    socket().receive({ jsonrpc: '2.0', method: 'aria2.onDownloadStart', params: [{ gid: GID }] });
    socket().receive({ id: 1, result: 'ok' });
    expect(await call).toEqual({ id: 1, result: 'ok' });
    expect(seen.map((n) => n.method)).toEqual([...methods, 'aria2.onDownloadStart']);
    expect(seen.every((n) => n.gid === GID)).toBe(true);
    expect(other).toHaveLength(6);
  });

  it('calls a socket that fails to open unreachable, and opens a new one for the next call', async () => {
    const { transport, made, socket } = setup();
    const call = transport.send(request(1));
    socket().fail();
    expect(await aria2Failure(call)).toMatchObject({
      kind: 'unreachable',
      message: `aria2 at ${HREF}: cannot be reached (WebSocket error)`,
    });
    const retry = transport.send(request(2));
    expect(made).toHaveLength(2);
    socket(1).open();
    await tick();
    socket(1).receive({ id: 2, result: 'ok' });
    expect(await retry).toEqual({ id: 2, result: 'ok' });
  });

  it('fails the calls still waiting when the connection drops', async () => {
    const { transport, socket } = setup();
    const call = transport.send(request(1));
    socket().open();
    await tick();
    socket().close();
    expect(await aria2Failure(call)).toMatchObject({
      kind: 'unreachable',
      message: `aria2 at ${HREF}: the connection closed before aria2 answered`,
    });
  });

  it('times out a call without an answer, and drops the late answer', async () => {
    const { transport, socket, timers } = setup();
    const call = transport.send(request(1));
    socket().open();
    await tick();
    timers.fireAll();
    expect(await aria2Failure(call)).toMatchObject({
      kind: 'unreachable',
      message: `aria2 at ${HREF}: no answer within 5 s`,
    });
    socket().receive({ id: 1, result: 'late' });
    expect(timers.armed).toBe(0);
  });

  it('times out a socket that never opens', async () => {
    const { transport, socket, timers } = setup();
    const call = transport.send(request(1));
    timers.fireAll();
    expect(await aria2Failure(call)).toMatchObject({
      kind: 'unreachable',
      message: /did not open within 5 s/,
    });
    expect(socket().readyState).toBe(3);
  });

  it('stops trusting a peer that sends something that is not JSON', async () => {
    const { transport, socket } = setup();
    const call = transport.send(request(1));
    socket().open();
    await tick();
    socket().receive('<html>');
    expect(await aria2Failure(call)).toMatchObject({ kind: 'bad-answer' });
    expect(socket().readyState).toBe(3);
  });

  it('close() fails waiting calls and closes the socket', async () => {
    const { transport, socket } = setup();
    const call = transport.send(request(1));
    socket().open();
    await tick();
    transport.close();
    expect(await aria2Failure(call)).toMatchObject({ kind: 'unreachable', message: /closed by WebBITS/ });
    expect(socket().readyState).toBe(3);
  });
});
