/**
 * The little storage the page API keeps (site decisions, open prompts, collections): a key-value
 * interface so that it runs on `storage.local` in the extension and on a Map in unit tests.
 */
export interface KeyValueStorage {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
}

export function createMemoryStorage(initial: Record<string, unknown> = {}): KeyValueStorage & {
  data: Map<string, unknown>;
} {
  const data = new Map<string, unknown>(Object.entries(initial));
  return {
    data,
    async get(key) {
      // A copy, as storage.local gives: callers must not share objects with the store.
      const value = data.get(key);
      return value === undefined ? undefined : structuredClone(value);
    },
    async set(key, value) {
      data.set(key, structuredClone(value));
    },
  };
}

/** The shape of `storage.local` (and of the background's KeyValueArea). */
export interface StorageArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

export function storageFromArea(area: StorageArea): KeyValueStorage {
  return {
    async get(key) {
      return (await area.get(key))[key];
    },
    async set(key, value) {
      await area.set({ [key]: value });
    },
  };
}
