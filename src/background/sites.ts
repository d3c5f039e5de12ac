/** The options page's "Sites": each origin's consent decision, kept in storage.local. */
import type { SiteDecision, SiteEntry } from '../shared/background-api';
import type { KeyValueArea } from './settings';

export const SITES_KEY = 'sites';

type SiteMap = Record<string, { decision: SiteDecision; decided: number }>;

export interface SitesStore {
  list(): Promise<SiteEntry[]>;
  get(origin: string): Promise<SiteDecision | null>;
  /** null forgets the origin. Returns the new list. */
  set(origin: string, decision: SiteDecision | null): Promise<SiteEntry[]>;
}

export function createSitesStore(area: KeyValueArea, now: () => number): SitesStore {
  const read = async (): Promise<SiteMap> => {
    const stored = (await area.get(SITES_KEY))[SITES_KEY];
    return typeof stored === 'object' && stored !== null ? (stored as SiteMap) : {};
  };
  const toList = (map: SiteMap): SiteEntry[] =>
    Object.entries(map)
      .map(([origin, entry]) => ({ origin, decision: entry.decision, decided: entry.decided }))
      .sort((a, b) => a.origin.localeCompare(b.origin));
  return {
    list: async () => toList(await read()),
    get: async (origin) => (await read())[origin]?.decision ?? null,
    async set(origin, decision) {
      const map = Object.fromEntries(Object.entries(await read()).filter(([known]) => known !== origin));
      if (decision !== null) map[origin] = { decision, decided: now() };
      await area.set({ [SITES_KEY]: map });
      return toList(map);
    },
  };
}
