/**
 * Test doubles for the aria2 client: a transport that answers from a script, and timers that fire
 * only when the test says so.
 */
import type { TimerHandle, Timers } from '../ports';
import { Aria2Error } from './aria2-error';
import type { Aria2Transport, JsonRpcRequest, NotificationListener } from './transport';

type Answer = (request: JsonRpcRequest) => unknown;

export class ScriptedTransport implements Aria2Transport {
  readonly notifies = false;
  readonly requests: JsonRpcRequest[] = [];
  private readonly script: Answer[] = [];

  /** The next call gets whatever `answer` returns (or throws). */
  reply(answer: Answer): this {
    this.script.push(answer);
    return this;
  }

  result(result: unknown): this {
    return this.reply((request) => ({ jsonrpc: '2.0', id: request.id, result }));
  }

  error(code: number, message: string): this {
    return this.reply((request) => ({ jsonrpc: '2.0', id: request.id, error: { code, message } }));
  }

  async send(request: JsonRpcRequest): Promise<unknown> {
    this.requests.push(request);
    const answer = this.script.shift();
    if (answer === undefined) throw new Error(`unscripted call ${request.method}`);
    await Promise.resolve();
    return answer(request);
  }

  subscribe(_listener: NotificationListener): () => void {
    return () => {};
  }

  close(): void {}
}

export interface ManualTimers extends Timers {
  /** How many timers are armed. */
  readonly armed: number;
  /** Runs every armed timer now, as if its time had come. */
  fireAll(): void;
}

export function manualTimers(): ManualTimers {
  const armed = new Map<number, () => void>();
  let next = 1;
  return {
    get armed() {
      return armed.size;
    },
    setTimeout(fn: () => void): TimerHandle {
      const handle = next;
      next += 1;
      armed.set(handle, fn);
      return handle;
    },
    clearTimeout(handle: TimerHandle): void {
      armed.delete(handle as number);
    },
    fireAll(): void {
      const due = [...armed.values()];
      armed.clear();
      for (const fn of due) fn();
    },
  };
}

/** The Aria2Error a promise rejects with; anything else fails the test. */
export async function aria2Failure(promise: Promise<unknown>): Promise<Aria2Error> {
  const error: unknown = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof Aria2Error)) throw new Error(`expected an Aria2Error, got ${String(error)}`);
  return error;
}
