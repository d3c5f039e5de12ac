/**
 * The one aria2 client the engine uses, for the configured "aria2 RPC address" and "aria2 secret"
 * (job-model.md: "The secret is sent only to the configured address"). A new address or secret
 * gets a new client; a job whose download lives at another address is refused a client at all.
 */
import { createAria2Client, type Aria2Client } from '../aria2/aria2-client';
import { isAria2Error } from '../aria2/aria2-error';
import { aria2FailureToJobError } from '../aria2/aria2-failure';
import { ADDRESS_FIELD, parseRpcAddress } from '../aria2/rpc-address';
import type { EnginePorts } from '../ports';
import type { Aria2Link, Settings } from '../types';

export interface Connection {
  href: string;
  aria2: Aria2Client;
}

/** An error whose message is the sentence a person reads (the popup shows it as is). */
export class Aria2CallError extends Error {
  override readonly name = 'Aria2Error';
}

export class Aria2Connection {
  private current: (Connection & { key: string; unsubscribe(): void }) | null = null;

  constructor(
    private readonly ports: Pick<EnginePorts, 'fetch' | 'WebSocket' | 'timers'>,
    private readonly settings: () => Settings,
    /** A WebSocket notification named this gid. */
    private readonly notified: (gid: string) => void,
  ) {}

  /** The client for the configured address, or a TypeError naming the field when there is none. */
  connect(): Connection {
    const { aria2Address, aria2Secret } = this.settings();
    const key = `${aria2Address}\n${aria2Secret}`;
    if (this.current?.key === key) return this.current;
    this.drop();
    const { href } = parseRpcAddress(aria2Address);
    const { fetch, WebSocket, timers } = this.ports;
    const aria2 = createAria2Client(
      { address: href, secret: aria2Secret },
      { fetch, timers, ...(WebSocket ? { WebSocket } : {}) },
    );
    const unsubscribe = aria2.subscribe(({ gid }) => this.notified(gid));
    this.current = { key, href, aria2, unsubscribe };
    return this.current;
  }

  /** The client, if the job's download is at the configured address: the secret goes nowhere else. */
  connectFor(link: Aria2Link): Connection {
    let connection: Connection | null;
    try {
      connection = this.connect();
    } catch {
      connection = null;
    }
    if (connection?.href !== link.address) {
      throw new Aria2CallError(
        `The download is in aria2 at ${link.address}, which is no longer the "${ADDRESS_FIELD}" ` +
          'in the options: set it again, then Retry',
      );
    }
    return connection;
  }

  /** The options changed: a client for an older address or secret is closed. */
  configure(): void {
    const { aria2Address, aria2Secret } = this.settings();
    if (this.current && this.current.key !== `${aria2Address}\n${aria2Secret}`) this.drop();
  }

  drop(): void {
    this.current?.unsubscribe();
    this.current?.aria2.close();
    this.current = null;
  }
}

/** A failed call as the error the caller (the popup's button) shows: aria2's kinds in words. */
export function callError(error: unknown, href: string): Error {
  if (!isAria2Error(error)) return error instanceof Error ? error : new Error(String(error));
  return new Aria2CallError(aria2FailureToJobError(error, href).error.message);
}
