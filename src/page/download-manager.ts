/**
 * `window.external.DownloadManager`: the WMP store objects, synchronous over the mirror. Calls that
 * change something are sent in the order made and take effect in the background (after consent);
 * a new item is visible at once and is bound to its job when the background answers.
 */
import { wmpItemInfo } from '../engine/naming/wmp-convention';
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

/** What an item knows besides its public face; kept out of the page's reach. */
interface ItemState {
  context: ManagerContext;
  given: { sourceURL: string; type: WmpItemType | null };
  jobId: string | null;
  failure: string | null;
  removed: boolean;
  bound: Promise<string | null>;
  bind(jobId: string | null): void;
}
const itemStates = new WeakMap<DownloadItem, ItemState>();
const stateOf = (item: DownloadItem): ItemState => itemStates.get(item) as ItemState;

/** Binds an item to its job (or records why it has none). */
export function attachItem(item: DownloadItem, jobId: string | null, failure: string | null = null): void {
  const state = stateOf(item);
  state.jobId = jobId;
  state.failure = failure;
  state.bind(jobId);
}

export class DownloadItem {
  readonly #state: ItemState;

  constructor(context: ManagerContext, given: ItemState['given']) {
    let bind: (jobId: string | null) => void = ignore;
    const bound = new Promise<string | null>((resolve) => (bind = resolve));
    this.#state = { context, given, jobId: null, failure: null, removed: false, bound, bind };
    itemStates.set(this, this.#state);
  }

  get #info(): JobInfo | undefined {
    const { jobId, context } = this.#state;
    return jobId === null ? undefined : context.mirror.jobs.get(jobId);
  }
  get downloadState(): DownloadState {
    const info = this.#info;
    return info ? downloadStateOf(info.state) : this.#state.failure === null ? 0 : 1;
  }
  get progress(): number {
    return this.#info?.progress.bytesTransferred ?? -1;
  }
  get size(): number {
    return this.#info?.progress.bytesTotal ?? -1;
  }
  get sourceURL(): string {
    return this.#info?.files[0]?.url ?? this.#state.given.sourceURL;
  }
  get type(): WmpItemType {
    if (this.#state.given.type) return this.#state.given.type;
    return this.#info?.priority === 'foreground' ? 'real time' : 'background';
  }
  get error(): string | null {
    return this.#info?.error?.message ?? this.#state.failure;
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
  #act(method: 'suspend' | 'resume' | 'cancel'): void {
    const { bound, context } = this.#state;
    void bound.then((id) => id && context.transport.request(method, { id }).catch(ignore));
  }
}

export class DownloadCollection {
  readonly #id: number;
  readonly #pending: DownloadItem[] = [];
  readonly #context: ManagerContext;

  constructor(id: number, context: ManagerContext) {
    this.#id = id;
    this.#context = context;
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
    const item = new DownloadItem(this.#context, { sourceURL: url, type: itemType });
    this.#pending.push(item);
    this.#context.transport
      .request('startDownload', { collectionId: this.#id, url, type: itemType })
      .then((info) => {
        this.#context.mirror.applyJob(info as JobInfo);
        this.#context.bindItem(item, (info as JobInfo).id);
      })
      .catch((error: Error) => attachItem(item, null, error.message));
    return item;
  }
  removeItem(index: unknown): void {
    this.#remove(this.#at(index));
  }
  Clear(): void {
    for (const item of this.#items()) this.#remove(item);
  }

  #remove(item: DownloadItem): void {
    const state = stateOf(item);
    state.removed = true;
    const remove = (jobId: string | null) =>
      jobId && this.#context.transport.request('removeItem', { collectionId: this.#id, jobId }).catch(ignore);
    void state.bound.then(remove);
  }
  #at(index: unknown): DownloadItem {
    const items = this.#items();
    return items[checkIndex(index, items.length)] as DownloadItem;
  }
  #items(): DownloadItem[] {
    const server = this.#context.mirror.collections.get(this.#id) ?? [];
    const items = server.map((jobId) => this.#context.itemFor(jobId));
    // Items started here that the background has not listed yet stay visible at the end.
    const listed = (item: DownloadItem): boolean => {
      const { jobId } = stateOf(item);
      return jobId !== null && server.includes(jobId);
    };
    this.#pending.splice(0, this.#pending.length, ...this.#pending.filter((item) => !listed(item)));
    return [...items, ...this.#pending].filter((item) => !stateOf(item).removed);
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
          attachItem(item, jobId);
          this.#items.set(jobId, item);
        }
        return item;
      },
      bindItem: (item, jobId) => {
        this.#items.set(jobId, item);
        attachItem(item, jobId);
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
