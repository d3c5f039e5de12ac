/**
 * A typed aria2 JSON-RPC client: the few methods WebBITS uses to hand a download over and follow
 * it. Every call carries `token:<secret>` as its first parameter (aria2c(1), "RPC authorization
 * secret token"), and every answer is checked before it is returned.
 */
import * as v from 'valibot';
import type { FetchPort, Timers } from '../ports';
import {
  GID_PATTERN,
  GidSchema,
  OkSchema,
  StatusSchema,
  VersionSchema,
  type Aria2Status,
  type Aria2Version,
} from './aria2-schemas';
import { httpTransport } from './http-transport';
import { readAnswer } from './read-answer';
import { ADDRESS_FIELD, parseRpcAddress } from './rpc-address';
import type { Aria2Transport, NotificationListener } from './transport';
import { WsTransport, type WebSocketConstructor } from './ws-transport';

/** Option name → value, "the argument as a string"; `header` may be an array of strings. */
export type Aria2Options = Record<string, string | readonly string[]>;
export type Aria2StatusKey = keyof Aria2Status;

/**
 * Long enough for a wrong secret: aria2 takes "at least a certain amount of time" to refuse one
 * (about 2 s with aria2 1.36), to slow down guessing.
 */
export const DEFAULT_TIMEOUT_MS = 15_000;

export interface Aria2Config {
  /** The "aria2 RPC address" option: http:, https:, ws: or wss:. */
  address: string;
  /** The "aria2 secret" option ('' when aria2 runs without --rpc-secret). */
  secret: string;
  timeoutMs?: number;
}

export interface Aria2Ports {
  fetch?: FetchPort;
  WebSocket?: WebSocketConstructor;
  timers: Timers;
}

/** Checks the address (TypeError naming the field) and picks the transport its scheme asks for. */
export function createAria2Client(config: Aria2Config, ports: Aria2Ports): Aria2Client {
  const address = parseRpcAddress(config.address);
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const { timers } = ports;
  if (address.transport === 'http') {
    if (ports.fetch === undefined) throw new TypeError(`${ADDRESS_FIELD}: no fetch to reach it with`);
    return new Aria2Client(
      httpTransport({ href: address.href, fetch: ports.fetch, timers, timeoutMs }),
      config.secret,
    );
  }
  if (ports.WebSocket === undefined) throw new TypeError(`${ADDRESS_FIELD}: no WebSocket to reach it with`);
  const transport = new WsTransport({ href: address.href, WebSocket: ports.WebSocket, timers, timeoutMs });
  return new Aria2Client(transport, config.secret);
}

export class Aria2Client {
  private nextId = 1;

  constructor(
    private readonly transport: Aria2Transport,
    private readonly secret: string,
  ) {}

  /** True over WebSocket: aria2 pushes onDownload* notifications, so polling can be rare. */
  get notifies(): boolean {
    return this.transport.notifies;
  }

  /** Adds one download from `uris` (all the same file); resolves with its gid. */
  addUri(uris: readonly string[], options: Aria2Options = {}): Promise<string> {
    return this.call('aria2.addUri', [uris, options], GidSchema);
  }

  /** `keys` narrows the answer; `gid` and `status` are always asked for so it says what it is. */
  tellStatus(gid: string, keys?: readonly Aria2StatusKey[]): Promise<Aria2Status> {
    const params: unknown[] = [checkGid(gid)];
    if (keys !== undefined && keys.length > 0) params.push([...new Set(['gid', 'status', ...keys])]);
    return this.call('aria2.tellStatus', params, StatusSchema);
  }

  pause(gid: string): Promise<string> {
    return this.call('aria2.pause', [checkGid(gid)], GidSchema);
  }

  unpause(gid: string): Promise<string> {
    return this.call('aria2.unpause', [checkGid(gid)], GidSchema);
  }

  remove(gid: string): Promise<string> {
    return this.call('aria2.remove', [checkGid(gid)], GidSchema);
  }

  /** Forgets a complete, error or removed download, so aria2's memory does not grow. */
  async removeDownloadResult(gid: string): Promise<void> {
    await this.call('aria2.removeDownloadResult', [checkGid(gid)], OkSchema);
  }

  getVersion(): Promise<Aria2Version> {
    return this.call('aria2.getVersion', [], VersionSchema);
  }

  /** onDownloadStart/Pause/Stop/Complete/Error and onBtDownloadComplete; never called over HTTP. */
  subscribe(listener: NotificationListener): () => void {
    return this.transport.subscribe(listener);
  }

  close(): void {
    this.transport.close();
  }

  private async call<S extends v.GenericSchema>(
    method: string,
    params: unknown[],
    schema: S,
  ): Promise<v.InferOutput<S>> {
    const id = this.nextId;
    this.nextId += 1;
    const body = await this.transport.send({
      jsonrpc: '2.0',
      id,
      method,
      params: [`token:${this.secret}`, ...params],
    });
    return readAnswer(body, id, method, schema);
  }
}

/** A gid WebBITS kept in a job record; anything else is a bug here, not aria2's answer. */
function checkGid(gid: string): string {
  if (!GID_PATTERN.test(gid)) throw new TypeError(`gid: must be 16 hexadecimal digits, not "${gid}"`);
  return gid;
}
