/**
 * `window.webbits`: the promise-based API (page-api.md). Every method only relays: the background
 * validates and decides. `jobchange` events start flowing once the page listens for them.
 */
import type { JobInfo } from '../engine/types';
import { PAGE_API_VERSION } from '../shared/page-protocol';
import type { PageTransport } from './transport';
import { base64ToBytes } from '../shared/base64-bytes';

export interface Subscriber {
  /** Asks for job change pushes (and the WMP mirror with `mirror`); resolves with the snapshot. */
  subscribe(mirror: boolean): Promise<unknown>;
}

export class WebBitsJob {
  readonly #id: string;
  readonly #transport: PageTransport;

  constructor(id: string, transport: PageTransport) {
    this.#id = id;
    this.#transport = transport;
  }
  get id(): string {
    return this.#id;
  }
  info(): Promise<JobInfo> {
    return this.#transport.request('getJob', { id: this.#id }) as Promise<JobInfo>;
  }
  addFiles(files: unknown): Promise<JobInfo> {
    return this.#transport.request('addFiles', { id: this.#id, files }) as Promise<JobInfo>;
  }
  resume(): Promise<JobInfo> {
    return this.#transport.request('resume', { id: this.#id }) as Promise<JobInfo>;
  }
  suspend(): Promise<JobInfo> {
    return this.#transport.request('suspend', { id: this.#id }) as Promise<JobInfo>;
  }
  cancel(): Promise<JobInfo> {
    return this.#transport.request('cancel', { id: this.#id }) as Promise<JobInfo>;
  }
  complete(): Promise<JobInfo> {
    return this.#transport.request('complete', { id: this.#id }) as Promise<JobInfo>;
  }
  setPriority(priority: unknown): Promise<JobInfo> {
    return this.#transport.request('setPriority', { id: this.#id, priority }) as Promise<JobInfo>;
  }
  setFileUrl(fileIndex: unknown, url: unknown): Promise<JobInfo> {
    return this.#transport.request('setFileUrl', { id: this.#id, fileIndex, url }) as Promise<JobInfo>;
  }
  /** An upload-reply job's reply (page-api.md): the bytes cross the bridge as base64. */
  async reply(): Promise<Blob> {
    const answer = (await this.#transport.request('reply', { id: this.#id })) as { base64?: unknown } | null;
    if (typeof answer?.base64 !== 'string') throw new Error('WebBITS answered reply() with something else.');
    return new Blob([base64ToBytes(answer.base64)]);
  }
}

export class WebBits extends EventTarget {
  readonly #transport: PageTransport;
  readonly #subscriber: Subscriber;
  readonly #jobs = new Map<string, WebBitsJob>();

  constructor(transport: PageTransport, subscriber: Subscriber) {
    super();
    this.#transport = transport;
    this.#subscriber = subscriber;
  }
  get version(): string {
    return PAGE_API_VERSION;
  }
  override addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | AddEventListenerOptions,
  ): void {
    super.addEventListener(type, listener, options);
    if (type === 'jobchange' && listener) void this.#subscriber.subscribe(false).catch(() => undefined);
  }
  requestAccess(): Promise<'granted' | 'denied'> {
    return this.#transport.request('requestAccess', null) as Promise<'granted' | 'denied'>;
  }
  async createJob(init: unknown): Promise<WebBitsJob> {
    const info = (await this.#transport.request('createJob', { init })) as JobInfo;
    return this.#job(info.id);
  }
  async getJobs(): Promise<WebBitsJob[]> {
    const infos = (await this.#transport.request('getJobs', null)) as JobInfo[];
    return infos.map((info) => this.#job(info.id));
  }
  async getJob(id: unknown): Promise<WebBitsJob> {
    const info = (await this.#transport.request('getJob', { id: id as string })) as JobInfo;
    return this.#job(info.id);
  }
  /** Dispatches a pushed change as `jobchange`. */
  notify(info: JobInfo): void {
    this.dispatchEvent(new CustomEvent('jobchange', { detail: info }));
  }
  #job(id: string): WebBitsJob {
    let job = this.#jobs.get(id);
    if (!job) this.#jobs.set(id, (job = new WebBitsJob(id, this.#transport)));
    return job;
  }
}
