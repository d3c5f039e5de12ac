/**
 * A page script that talks to the bridge frame by hand, as a hostile page would: it frames
 * `bridge.html` itself (or uses a frame it finds), hands over its own MessagePort and sends
 * whatever it likes. Installed in the page as `window.rawBridge`.
 */
import type { Frame, Page } from 'playwright-core';

export interface RawBridgeWindow {
  rawBridge: {
    /** Frames the bridge and connects a port; resolves with the port's index. */
    open(url: string): Promise<number>;
    /** Connects a new port to `target` (any window); resolves with the port's index. */
    connect(target: Window, targetOrigin: string): number;
    /** Posts `message` on port `index` and resolves with the answer whose id is `id` (or 'no answer'). */
    send(index: number, message: unknown, id: number, waitMs?: number): Promise<unknown>;
  };
}

function install(): void {
  const ports: MessagePort[] = [];
  const answers = new Map<string, unknown>();
  const waiters = new Map<string, (value: unknown) => void>();
  const connect = (target: Window, targetOrigin: string): number => {
    const channel = new MessageChannel();
    const index = ports.push(channel.port1) - 1;
    channel.port1.onmessage = (event: MessageEvent) => {
      const data = event.data as { kind?: string; id?: number };
      if (data?.kind !== 'response') return;
      const key = `${index}:${data.id}`;
      answers.set(key, data);
      waiters.get(key)?.(data);
    };
    target.postMessage({ webbits: 'webbits:connect' }, targetOrigin, [channel.port2]);
    return index;
  };
  (window as unknown as RawBridgeWindow).rawBridge = {
    open: (url) =>
      new Promise((resolve) => {
        const frame = document.createElement('iframe');
        frame.src = url;
        frame.onload = () => resolve(connect(frame.contentWindow as Window, new URL(url).origin));
        document.body.appendChild(frame);
      }),
    connect,
    send: (index, message, id, waitMs = 5000) =>
      new Promise((resolve) => {
        const key = `${index}:${id}`;
        if (answers.has(key)) return resolve(answers.get(key));
        waiters.set(key, resolve);
        setTimeout(() => resolve('no answer'), waitMs);
        ports[index]?.postMessage(message);
      }),
  };
}

export async function installRawBridge(target: Page | Frame): Promise<void> {
  await target.evaluate(install);
}
