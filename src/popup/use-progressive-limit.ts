/**
 * How many rows to render: the first screenful at once, the rest a batch per task, so that a
 * popup with a thousand jobs shows its top rows at once and stays responsive while the rest land.
 */
import { useEffect, useState } from 'preact/hooks';

export const FIRST_BATCH = 30;
export const NEXT_BATCH = 150;

export function useProgressiveLimit(total: number): number {
  const [limit, setLimit] = useState(FIRST_BATCH);
  useEffect(() => {
    if (limit >= total) return undefined;
    const timer = setTimeout(() => setLimit((current) => current + NEXT_BATCH), 0);
    return () => clearTimeout(timer);
  }, [limit, total]);
  return limit;
}
