/**
 * The WMP DownloadCollections of every origin: which collection ids an origin made and which jobs
 * (items) each holds, oldest first. Kept in storage so that `getDownloadCollection(id)` works across
 * page loads and browser restarts. Ids are per origin: two stores may use the same serviceId.
 */
import type { MirrorCollection } from '../../shared/page-protocol';
import type { KeyValueStorage } from './key-value-storage';

export const COLLECTIONS_KEY = 'pageApiCollections';

/** Collections per origin; items per collection. Generous, and they keep storage bounded. */
export const MAX_COLLECTIONS_PER_ORIGIN = 1000;

export interface CollectionRegistry {
  /** Creates the collection if it does not exist yet. */
  ensure(origin: string, collectionId: number): Promise<void>;
  addItem(origin: string, collectionId: number, jobId: string): Promise<void>;
  /** Removes the item; false if the collection does not hold it. */
  removeItem(origin: string, collectionId: number, jobId: string): Promise<boolean>;
  holds(origin: string, collectionId: number, jobId: string): Promise<boolean>;
  list(origin: string): Promise<MirrorCollection[]>;
  /** Drops job ids the engine no longer knows (final jobs are forgotten after 7 days). */
  prune(origin: string, isKnown: (jobId: string) => boolean): Promise<void>;
}

type Registry = Record<string, MirrorCollection[]>;

export function createCollectionRegistry(storage: KeyValueStorage): CollectionRegistry {
  let loaded: Promise<Registry> | null = null;
  let writes = Promise.resolve();
  const load = (): Promise<Registry> => {
    loaded ??= storage.get(COLLECTIONS_KEY).then(readRegistry);
    return loaded;
  };
  const save = async (): Promise<void> => {
    const all = await load();
    writes = writes.then(() => storage.set(COLLECTIONS_KEY, all)).catch(() => undefined);
    return writes;
  };
  const find = async (origin: string, id: number): Promise<MirrorCollection | undefined> =>
    (await load())[origin]?.find((c) => c.id === id);
  const ensure = async (origin: string, id: number): Promise<MirrorCollection> => {
    const all = await load();
    const list = (all[origin] ??= []);
    let collection = list.find((c) => c.id === id);
    if (!collection) {
      if (list.length >= MAX_COLLECTIONS_PER_ORIGIN) {
        throw new TypeError(`collectionId: this site already has ${MAX_COLLECTIONS_PER_ORIGIN} collections`);
      }
      collection = { id, jobIds: [] };
      list.push(collection);
      await save();
    }
    return collection;
  };

  return {
    async ensure(origin, id) {
      await ensure(origin, id);
    },
    async addItem(origin, id, jobId) {
      const collection = await ensure(origin, id);
      if (!collection.jobIds.includes(jobId)) {
        collection.jobIds.push(jobId);
        await save();
      }
    },
    async removeItem(origin, id, jobId) {
      const collection = await find(origin, id);
      const at = collection?.jobIds.indexOf(jobId) ?? -1;
      if (!collection || at < 0) return false;
      collection.jobIds.splice(at, 1);
      await save();
      return true;
    },
    async holds(origin, id, jobId) {
      return (await find(origin, id))?.jobIds.includes(jobId) ?? false;
    },
    async list(origin) {
      return ((await load())[origin] ?? []).map((c) => ({ id: c.id, jobIds: [...c.jobIds] }));
    },
    async prune(origin, isKnown) {
      let changed = false;
      for (const collection of (await load())[origin] ?? []) {
        const kept = collection.jobIds.filter(isKnown);
        if (kept.length !== collection.jobIds.length) {
          collection.jobIds = kept;
          changed = true;
        }
      }
      if (changed) await save();
    },
  };
}

function readRegistry(stored: unknown): Registry {
  const registry: Registry = {};
  if (typeof stored !== 'object' || stored === null) return registry;
  for (const [origin, list] of Object.entries(stored as Record<string, unknown>)) {
    if (!Array.isArray(list)) continue;
    registry[origin] = list
      .filter(
        (c): c is MirrorCollection =>
          typeof c === 'object' &&
          c !== null &&
          Number.isInteger((c as MirrorCollection).id) &&
          Array.isArray((c as MirrorCollection).jobIds),
      )
      .map((c) => ({ id: c.id, jobIds: c.jobIds.filter((j) => typeof j === 'string') }));
  }
  return registry;
}
