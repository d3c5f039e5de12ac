/**
 * JSON-RPC over WebSocket to a ws:/wss: address. aria2 answers in Text frames, matched to their
 * request by id, and pushes notifications (no id) to every connected client. The WebSocket
 * constructor comes in from outside: the browser's, or a test's.
 */
import * as v from 'valibot';
import type { TimerHandle, Timers } from '../ports';
import { Aria2Error } from './aria2-error';
import { NotificationSchema } from './aria2-schemas';
import type { Aria2Transport, JsonRpcRequest, NotificationListener } from './transport';

/** The part of the standard WebSocket this transport uses. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'close' | 'error', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}
export type WebSocketConstructor = new (url: string) => WebSocketLike;

const OPEN = 1;

export interface WsTransportOptions {
  href: string;
  WebSocket: WebSocketConstructor;
  timers: Timers;
  timeoutMs: number;
}

interface Pending {
  resolve(body: unknown): void;
  reject(error: Aria2Error): void;
  timer: TimerHandle;
}

export class WsTransport implements Aria2Transport {
  readonly notifies = true;
  private socket: WebSocketLike | null = null;
  private opening: Promise<WebSocketLike> | null = null;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<NotificationListener>();

  constructor(private readonly options: WsTransportOptions) {}

  async send(request: JsonRpcRequest): Promise<unknown> {
    const socket = await this.connect();
    const { timers, timeoutMs } = this.options;
    return new Promise<unknown>((resolve, reject) => {
      const timer = timers.setTimeout(() => {
        this.pending.delete(request.id);
        reject(this.unreachable(`no answer within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      this.pending.set(request.id, { resolve, reject, timer });
      try {
        socket.send(JSON.stringify(request));
      } catch (cause) {
        this.settle(request.id)?.reject(this.unreachable('the connection failed while sending', cause));
      }
    });
  }

  subscribe(listener: NotificationListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    const socket = this.socket;
    this.socket = null;
    this.failAll(this.unreachable('the connection was closed by WebBITS'));
    socket?.close(1000);
  }

  /** One socket at a time: calls made while it opens wait for the same one. */
  private connect(): Promise<WebSocketLike> {
    if (this.socket !== null && this.socket.readyState === OPEN) return Promise.resolve(this.socket);
    this.opening ??= this.open().finally(() => {
      this.opening = null;
    });
    return this.opening;
  }

  private open(): Promise<WebSocketLike> {
    const { href, WebSocket, timers, timeoutMs } = this.options;
    return new Promise<WebSocketLike>((resolve, reject) => {
      let socket: WebSocketLike;
      try {
        socket = new WebSocket(href);
      } catch (cause) {
        reject(this.unreachable('the WebSocket could not be created', cause));
        return;
      }
      let opened = false;
      const fail = (reason: string): void => {
        timers.clearTimeout(timer);
        if (!opened) reject(this.unreachable(reason));
      };
      const timer = timers.setTimeout(() => {
        fail(`the WebSocket did not open within ${timeoutMs / 1000} s`);
        socket.close();
      }, timeoutMs);
      socket.addEventListener('open', () => {
        timers.clearTimeout(timer);
        opened = true;
        this.socket = socket;
        resolve(socket);
      });
      socket.addEventListener('message', (event) => this.receive(socket, event.data));
      // A browser gives no reason for a failed WebSocket; 'close' always follows 'error'.
      socket.addEventListener('error', () => fail('cannot be reached (WebSocket error)'));
      socket.addEventListener('close', () => {
        fail('cannot be reached (WebSocket closed)');
        if (this.socket === socket) {
          this.socket = null;
          this.failAll(this.unreachable('the connection closed before aria2 answered'));
        }
      });
    });
  }

  private receive(socket: WebSocketLike, data: unknown): void {
    if (socket !== this.socket) return;
    let message: unknown;
    try {
      message = typeof data === 'string' ? JSON.parse(data) : undefined;
    } catch {
      message = undefined;
    }
    if (typeof message !== 'object' || message === null) {
      // Not aria2 (or not the aria2 of the manual): nothing it says can be trusted any more.
      this.failAll(new Aria2Error('bad-answer', `aria2 at ${this.options.href}: a message that is not JSON`));
      this.close();
      return;
    }
    if ('id' in message && (typeof message.id === 'number' || typeof message.id === 'string')) {
      // An answer to a call that timed out, or to nobody, is dropped.
      this.settle(Number(message.id))?.resolve(message);
      return;
    }
    const notification = v.safeParse(NotificationSchema, message);
    // Notifications this version does not know (a newer aria2) are ignored, as the manual allows.
    if (!notification.success) return;
    const event = { method: notification.output.method, gid: notification.output.params[0].gid };
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // One subscriber's mistake must not keep the others or the answers from arriving.
      }
    }
  }

  private settle(id: number): Pending | undefined {
    const entry = this.pending.get(id);
    if (entry === undefined) return undefined;
    this.pending.delete(id);
    this.options.timers.clearTimeout(entry.timer);
    return entry;
  }

  private failAll(error: Aria2Error): void {
    for (const id of [...this.pending.keys()]) this.settle(id)?.reject(error);
  }

  private unreachable(reason: string, cause?: unknown): Aria2Error {
    return new Aria2Error('unreachable', `aria2 at ${this.options.href}: ${reason}`, { cause });
  }
}
