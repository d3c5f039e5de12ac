/**
 * What the client needs from a way of reaching aria2. Two implementations: HTTP POST
 * (http-transport.ts) and WebSocket (ws-transport.ts); tests script their own.
 */
import type { Aria2Notification } from './aria2-schemas';

export interface JsonRpcRequest {
  jsonrpc: '2.0';
  id: number;
  method: string;
  params: unknown[];
}

export type NotificationListener = (notification: Aria2Notification) => void;

export interface Aria2Transport {
  /** True when aria2 pushes notifications over it (WebSocket); else the caller polls tellStatus. */
  readonly notifies: boolean;
  /**
   * Sends one request and resolves with the parsed JSON of its answer, not yet checked. Rejects
   * only with an Aria2Error of kind `unreachable`, `http` or `bad-answer`.
   */
  send(request: JsonRpcRequest): Promise<unknown>;
  /** Server notifications; returns the function that unsubscribes. A no-op over HTTP. */
  subscribe(listener: NotificationListener): () => void;
  /** Drops the connection; calls still waiting fail as `unreachable`. A later send reconnects. */
  close(): void;
}

/** `fetch failed (ECONNREFUSED)`: Node hides the reason in `cause`, browsers give no reason at all. */
export function networkReason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause: unknown = error.cause;
  const code =
    typeof cause === 'object' && cause !== null && 'code' in cause && typeof cause.code === 'string'
      ? ` (${cause.code})`
      : '';
  return `${error.message}${code}`;
}
