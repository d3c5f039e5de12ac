/**
 * JSON-RPC over HTTP POST to an http:/https: address ("The request path of the JSON-RPC interface
 * ... is /jsonrpc"). fetch comes in from outside, so this runs in Node, a worker or a service worker.
 */
import type { FetchPort, Timers } from '../ports';
import { Aria2Error } from './aria2-error';
import { networkReason, type Aria2Transport, type JsonRpcRequest } from './transport';

export interface HttpTransportOptions {
  href: string;
  fetch: FetchPort;
  timers: Timers;
  timeoutMs: number;
}

export function httpTransport(options: HttpTransportOptions): Aria2Transport {
  return {
    notifies: false,
    send: (request) => post(options, request),
    subscribe: () => () => {},
    close: () => {},
  };
}

async function post(options: HttpTransportOptions, request: JsonRpcRequest): Promise<unknown> {
  const { href, fetch, timers, timeoutMs } = options;
  const controller = new AbortController();
  const timer = timers.setTimeout(() => controller.abort(), timeoutMs);
  let response: Response;
  let text: string;
  try {
    response = await fetch(href, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(request),
      // The body carries the secret: a redirect would hand it to whatever address the answer names.
      redirect: 'manual',
      // Cookies of the RPC host have no business in an RPC call.
      credentials: 'omit',
      signal: controller.signal,
    });
    text = await response.text();
  } catch (cause) {
    const reason = controller.signal.aborted
      ? `no answer within ${timeoutMs / 1000} s`
      : `cannot be reached: ${networkReason(cause)}`;
    throw new Aria2Error('unreachable', `aria2 at ${href}: ${reason}`, { cause });
  } finally {
    timers.clearTimeout(timer);
  }
  // A browser reports a redirect it did not follow as an 'opaqueredirect' with status 0.
  if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
    throw new Aria2Error('http', `aria2 at ${href}: answered with a redirect, not followed`, {
      httpStatus: response.status,
    });
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    if (!response.ok) throw httpError(href, response.status);
    throw new Aria2Error('bad-answer', `aria2 at ${href}: the answer is not JSON`);
  }
  // aria2 answers its own errors with 400 (or 500 for a parse error) and a JSON-RPC error object;
  // any other error status means something that is not aria2 answered.
  if (!response.ok && !hasErrorMember(body)) throw httpError(href, response.status);
  return body;
}

function httpError(href: string, status: number): Aria2Error {
  return new Aria2Error('http', `aria2 at ${href}: HTTP ${status} instead of a JSON-RPC answer`, {
    httpStatus: status,
  });
}

const hasErrorMember = (body: unknown): boolean =>
  typeof body === 'object' && body !== null && 'error' in body;
