/**
 * A raw DevTools protocol connection to the whole browser (through `--remote-debugging-port=0`, the
 * port Chromium writes to `DevToolsActivePort`), with flat sessions on the extension's own
 * contexts: the service worker, the offscreen document and the engine host's dedicated worker,
 * which playwright's CDP sessions cannot reach. Used by bench/profile.ts. Node 20 has WebSocket
 * behind `--experimental-websocket` (NODE_OPTIONS).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Reply {
  id?: number;
  sessionId?: string;
  method?: string;
  params?: Record<string, unknown>;
  result?: unknown;
  error?: { message: string };
}

export interface TargetInfo {
  targetId: string;
  type: string;
  url: string;
}

export interface CdpBrowser {
  send<T = unknown>(method: string, params?: object, sessionId?: string): Promise<T>;
  targets(): Promise<TargetInfo[]>;
  /** Attaches to a target; workers it starts are attached too (flat), reported to onWorker. */
  attach(targetId: string, onWorker?: (sessionId: string, info: TargetInfo) => void): Promise<string>;
  /** Browser-level events (no session), one listener per method. */
  on(method: string, listener: (params: Record<string, unknown>) => void): void;
  close(): void;
}

export async function connectCdp(userDataDir: string): Promise<CdpBrowser> {
  const [port = '', path = ''] = readFileSync(join(userDataDir, 'DevToolsActivePort'), 'utf8').split('\n');
  if (typeof WebSocket === 'undefined')
    throw new Error('no WebSocket in this Node: run with NODE_OPTIONS=--experimental-websocket');
  const socket = new WebSocket(`ws://127.0.0.1:${port}${path}`);
  await new Promise((resolve, reject) => {
    socket.addEventListener('open', resolve, { once: true });
    socket.addEventListener('error', reject, { once: true });
  });
  let nextId = 1;
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  const workerListeners = new Map<string, (sessionId: string, info: TargetInfo) => void>();
  const eventListeners = new Map<string, (params: Record<string, unknown>) => void>();
  socket.addEventListener('message', (event: MessageEvent<string>) => {
    const message = JSON.parse(event.data) as Reply;
    if (message.id !== undefined) {
      const waiting = pending.get(message.id);
      pending.delete(message.id);
      if (message.error) waiting?.reject(new Error(message.error.message));
      else waiting?.resolve(message.result);
      return;
    }
    if (message.method && !message.sessionId) eventListeners.get(message.method)?.(message.params ?? {});
    if (message.method === 'Target.attachedToTarget' && message.sessionId) {
      const params = message.params as { sessionId: string; targetInfo: TargetInfo };
      workerListeners.get(message.sessionId)?.(params.sessionId, params.targetInfo);
    }
  });
  const send = <T>(method: string, params: object = {}, sessionId?: string): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      socket.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
    });
  return {
    send,
    async targets() {
      return (await send<{ targetInfos: TargetInfo[] }>('Target.getTargets')).targetInfos;
    },
    async attach(targetId, onWorker) {
      const { sessionId } = await send<{ sessionId: string }>('Target.attachToTarget', {
        targetId,
        flatten: true,
      });
      if (onWorker) {
        workerListeners.set(sessionId, onWorker);
        await send(
          'Target.setAutoAttach',
          { autoAttach: true, waitForDebuggerOnStart: false, flatten: true },
          sessionId,
        );
      }
      return sessionId;
    },
    on: (method, listener) => void eventListeners.set(method, listener),
    close: () => socket.close(),
  };
}
