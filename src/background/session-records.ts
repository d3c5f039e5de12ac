/**
 * Short-lived records the background hands to one of its pages by id (the picker's links, a
 * consent prompt's origin). They live in storage.session so that a worker restart between
 * opening the page and the page asking does not lose them.
 */
export interface SessionArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(key: string): Promise<void>;
}

export function sessionRecords<T>(area: SessionArea, prefix: string) {
  const key = (id: string) => `${prefix}:${id}`;
  return {
    async put(id: string, value: T): Promise<void> {
      await area.set({ [key(id)]: value });
    },
    async get(id: string): Promise<T | null> {
      return ((await area.get(key(id)))[key(id)] as T | undefined) ?? null;
    },
    async remove(id: string): Promise<void> {
      await area.remove(key(id));
    },
  };
}
