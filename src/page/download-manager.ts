/**
 * `window.external.DownloadManager`: the WMP store objects, synchronous over the mirror. Calls that
 * change something are sent in the order made and take effect in the background (after consent);
 * a new item is visible at once and is bound to its job when the background answers.
 */
import { wmpItemInfo } from '../engine/wmp-convention';
import type { JobInfo } from '../engine/types';
import type { WmpItemType } from '../shared/page-protocol';
import { downloadStateOf, type DownloadState } from './download-state';
import type { Mirror } from './mirror';
import type { PageTransport } from './transport';
import {
  checkCollectionId,
  checkIndex,
  checkItemType,
  checkSourceUrl,
  randomCollectionId,
} from './wmp-arguments';

const ignore = (): void => undefined;

interface ManagerContext {
  transport: PageTransport;
  mirror: Mirror;
  itemFor(jobId: string): DownloadItem;
  bindItem(item: DownloadItem, jobId: string): void;
}

export class DownloadItem {
  #jobId: string | null = null;
  #failure: string | null = null;
  #removed = false;
  readonly #bound: Promise<string | null>;
  #bind!: (jobId: string | null) => void;

  constructor(
    private readonly context: ManagerContext,
    private readonly given: { sourceURL: string; type: WmpItemType | null },
  ) {
    this.#bound = new Promise((resolve) => (this.#bind = resolve));
  }

  get #info(): JobInfo | undefined {
    return this.#jobId === null ? undefined : this.context.mirror.jobs.get(this.#jobId);
  }
  get downloadState(): DownloadState {
    const info = this.#info;
    return info ? downloadStateOf(info.state) : this.#failure === null ? 0 : 1;
  }
  get progress(): number {
    return this.#info?.progress.bytesTransferred ?? -1;
  }
  get size(): number {
    return this.#info?.progress.bytesTotal ?? -1;
  }
  get sourceURL(): string {
    return this.#info?.files[0]?.url ?? this.given.sourceURL;
  }
  get type(): WmpItemType {
    if (this.given.type) return this.given.type;
    return this.#info?.priority === 'foreground' ? 'real time' : 'background';
  }
  get error(): string | null {
    return this.#info?.error?.message ?? this.#failure;
  }
  pause(): void {
    if (this.type !== 'real time') this.#act('suspend');
  }
  resume(): void {
    if (this.type !== 'real time') this.#act('resume');
  }
  cancel(): void {
    this.#act('cancel');
  }
  getItemInfo(name: unknown): string {
    if (typeof name !== 'string') throw new TypeError('name: must be a string');
    return wmpItemInfo(this.#info?.wmp ?? null, name);
  }

  /** @internal */ get jobId(): string | null {
    return this.#jobId;
  }
  /** @internal */ get removed(): boolean {
    return this.#removed;
  }
  /** @internal */ bound(): Promise<string | null> {
    return this.#bound;
  }
  /** @internal */ attach(jobId: string | null, failure: string | null = null): void {
    this.#jobId = jobId;
    this.#failure = failure;
    this.#bind(jobId);
  }
  /** @internal */ markRemoved(): void {
    this.#removed = true;
  }
  #act(method: 'suspend' | 'resume' | 'cancel'): void {
    void this.#bound.then((id) => id && this.context.transport.request(method, { id }).catch(ignore));
  }
}

export class DownloadCollection {
  readonly #id: number;
  readonly #pending: DownloadItem[] = [];

  constructor(
    id: number,
    private readonly context: ManagerContext,
  ) {
    this.#id = id;
  }
  get id(): number {
    return this.#id;
  }
  get count(): number {
    return this.#items().length;
  }
  item(index: unknown): DownloadItem {
    return this.#at(index);
  }
  startDownload(sourceURL: unknown, type: unknown): DownloadItem {
    const url = checkSourceUrl(sourceURL);
    const itemType = checkItemType(type);
    const item = new DownloadItem(this.context, { sourceURL: url, type: itemType });
    this.#pending.push(item);
    this.context.transport
      .request('startDownload', { collectionId: this.#id, url, type: itemType })
      .then((info) => {
        this.context.mirror.applyJob(info as JobInfo);
        this.context.bindItem(item, (info as JobInfo).id);
      })
      .catch((error: Error) => item.attach(null, error.message));
    return item;
  }
  removeItem(index: unknown): void {
    this.#remove(this.#at(index));
  }
  Clear(): void {
    for (const item of this.#items()) this.#remove(item);
  }

  #remove(item: DownloadItem): void {
    item.markRemoved();
    void item
      .bound()
      .then(
        (jobId) =>
          jobId &&
          this.context.transport.request('removeItem', { collectionId: this.#id, jobId }).catch(ignore),
      );
  }
  #at(index: unknown): DownloadItem {
    const items = this.#items();
    return items[checkIndex(index, items.length)] as DownloadItem;
  }
  #items(): DownloadItem[] {
    const server = this.context.mirror.collections.get(this.#id) ?? [];
    const items = server.map((jobId) => this.context.itemFor(jobId));
    // Items started here that the background has not listed yet stay visible at the end.
    const listed = (item: DownloadItem): boolean => item.jobId !== null && server.includes(item.jobId);
    this.#pending.splice(0, this.#pending.length, ...this.#pending.filter((item) => !listed(item)));
    return [...items, ...this.#pending].filter((item) => !item.removed);
  }
}

export class DownloadManager {
  readonly #collections = new Map<number, DownloadCollection>();
  readonly #items = new Map<string, DownloadItem>();
  readonly #context: ManagerContext;
  readonly #ready: Promise<void>;

  constructor(transport: PageTransport, mirror: Mirror, ready: Promise<void>) {
    this.#ready = ready;
    this.#context = {
      transport,
      mirror,
      itemFor: (jobId) => {
        let item = this.#items.get(jobId);
        if (!item) {
          item = new DownloadItem(this.#context, {
            sourceURL: mirror.jobs.get(jobId)?.files[0]?.url ?? '',
            type: null,
          });
          item.attach(jobId);
          this.#items.set(jobId, item);
        }
        return item;
      },
      bindItem: (item, jobId) => {
        this.#items.set(jobId, item);
        item.attach(jobId);
      },
    };
  }
  get ready(): Promise<void> {
    return this.#ready;
  }
  createDownloadCollection(): DownloadCollection {
    const mirror = this.#context.mirror;
    const id = randomCollectionId((n) => this.#collections.has(n) || mirror.collections.has(n));
    const collection = this.#collection(id);
    this.#context.transport.request('createCollection', { collectionId: id }).catch(ignore);
    return collection;
  }
  getDownloadCollection(collectionId: unknown): DownloadCollection {
    return this.#collection(checkCollectionId(collectionId));
  }
  #collection(id: number): DownloadCollection {
    let collection = this.#collections.get(id);
    if (!collection) this.#collections.set(id, (collection = new DownloadCollection(id, this.#context)));
    return collection;
  }
}
