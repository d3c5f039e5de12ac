/**
 * Runs work over a list, at most `limit` items at once, starting them in list order. Nothing is
 * left running behind the caller: the promise settles only once every started item has settled.
 */

export interface ItemFailure<T> {
  item: T;
  error: unknown;
}

/**
 * Starts `work(item)` for each item in order while fewer than `limit` run and `more()` allows a
 * new start. A rejection does not stop the others (the caller aborts them if it wants to); the
 * failures come back in list order, not in the order they happened.
 */
export async function runAtMost<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
  more: () => boolean = () => true,
): Promise<ItemFailure<T>[]> {
  const failures: (ItemFailure<T> | undefined)[] = [];
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length && more()) {
      const at = next++;
      const item = items[at] as T;
      try {
        await work(item);
      } catch (error) {
        failures[at] = { item, error };
      }
    }
  };
  const lanes = Math.max(1, Math.min(limit, items.length));
  await Promise.all(Array.from({ length: lanes }, lane));
  return failures.filter((failure): failure is ItemFailure<T> => failure !== undefined);
}
