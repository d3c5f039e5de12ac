/** A transport the page objects can be driven with in Node: the test answers each request. */
import type { PageArgs, PageMethod, PagePush } from '../shared/page-protocol';
import { errorFromPayload } from './errors';
import type { PageTransport } from './transport';

export interface SentRequest {
  method: PageMethod;
  args: unknown;
  resolve(value: unknown): void;
  reject(name: string, message: string): void;
}

export function fakeTransport() {
  const sent: SentRequest[] = [];
  const listeners: Array<(push: PagePush) => void> = [];
  const transport: PageTransport = {
    request<M extends PageMethod>(method: M, args: PageArgs[M]) {
      return new Promise((resolve, reject) =>
        sent.push({
          method,
          args,
          resolve,
          reject: (name, message) => reject(errorFromPayload({ name, message })),
        }),
      );
    },
    onPush(listener) {
      listeners.push(listener);
    },
  };
  const push = (message: PagePush) => listeners.forEach((l) => l(message));
  const take = (method: PageMethod): SentRequest => {
    const at = sent.findIndex((r) => r.method === method);
    if (at < 0)
      throw new Error(`no ${method} request was sent (sent: ${sent.map((r) => r.method).join(', ')})`);
    const [request] = sent.splice(at, 1) as [SentRequest];
    return request;
  };
  return { transport, sent, push, take };
}

export const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
