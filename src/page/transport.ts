/**
 * Requests from the page objects to the relay, and pushes back, over the private port. Nothing
 * crosses to the extension until the first call. Arguments travel by structured clone, so a Blob
 * or File (an upload's `data`) crosses as it is, without being read or encoded; the relay hands
 * such a call to the bridge frame (src/content/bridge-frame.ts).
 */
import type { BackgroundToRelay, PageArgs, PageMethod, PagePush } from '../shared/page-protocol';
import { errorFromPayload } from './errors';

export interface PageTransport {
  request<M extends PageMethod>(method: M, args: PageArgs[M]): Promise<unknown>;
  onPush(listener: (push: PagePush) => void): void;
}

export function createPortTransport(getPort: () => MessagePort): PageTransport {
  let port: MessagePort | null = null;
  let nextId = 0;
  const waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  const listeners: Array<(push: PagePush) => void> = [];

  const onMessage = (event: MessageEvent): void => {
    const message = event.data as BackgroundToRelay;
    if (message.kind !== 'response') {
      for (const listener of listeners) listener(message);
      return;
    }
    const entry = waiting.get(message.id);
    if (!entry) return;
    waiting.delete(message.id);
    if (message.ok) entry.resolve(message.value);
    else entry.reject(errorFromPayload(message.error));
  };

  return {
    request(method, args) {
      if (!port) {
        port = getPort();
        port.onmessage = onMessage;
      }
      const open = port;
      const id = nextId++;
      return new Promise((resolve, reject) => {
        try {
          open.postMessage({ kind: 'request', id, method, args });
          waiting.set(id, { resolve, reject });
        } catch {
          // A function, a DOM node or a symbol in the arguments: they cannot cross.
          reject(
            new TypeError(
              `${method}: the arguments must be plain data (strings, numbers, objects, arrays, Blobs)`,
            ),
          );
        }
      });
    },
    onPush(listener) {
      listeners.push(listener);
    },
  };
}
