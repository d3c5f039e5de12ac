/**
 * A page API background for unit tests: the real Engine on a memory store with a scripted transfer,
 * a consent source whose prompt answers are queued by the test, and a memory storage.
 */
import { Engine } from '../../engine/jobs/engine';
import { harness, scriptedTransfer } from '../../../test/engine/support/engine-harness';
import type { SiteDecision } from '../../shared/background-api';
import type { PageMethod } from '../../shared/page-protocol';
import { createCollectionRegistry } from './collection-registry';
import { createConsentGate } from './consent-gate';
import { createMemoryStorage } from './key-value-storage';
import { handlePageRequest, type PageRequestDeps } from './page-request-handler';

export const SHOP = 'https://shop.example';
export const OTHER = 'http://127.0.0.1:8080';

export async function pageApiSetup(
  decisions: Record<string, SiteDecision> = { [SHOP]: 'allowed', [OTHER]: 'allowed' },
) {
  const h = harness();
  const script = scriptedTransfer(h.store);
  const engine = new Engine(h.ports, { transferFile: script.transferFile });
  await engine.start();
  const stored = new Map<string, SiteDecision>(Object.entries(decisions));
  /** Prompts the person has not answered yet, in order; `answer` settles the oldest. */
  const prompts: Array<{ origin: string; answer(decision: SiteDecision | null): void }> = [];
  const asked: string[] = [];
  let now = 0;
  const consent = createConsentGate(
    {
      decision: async (origin) => stored.get(origin) ?? null,
      ask: (origin) => {
        asked.push(origin);
        return new Promise((resolve) =>
          prompts.push({
            origin,
            answer: (decision) => {
              if (decision) stored.set(origin, decision);
              resolve(decision);
            },
          }),
        );
      },
    },
    () => (now += 2000), // every read is fresh: the cache is tested on its own
  );
  const storage = createMemoryStorage();
  const changed: string[] = [];
  const deps: PageRequestDeps = {
    engine,
    consent,
    collections: createCollectionRegistry(storage),
    collectionsChanged: (origin) => changed.push(origin),
    staging: memoryStaging(),
  };
  const call = (origin: string | null, method: PageMethod, args: unknown = null) =>
    handlePageRequest(origin, method, args, deps);
  return { h, engine, script, deps, call, prompts, asked, stored, storage, changed };
}

/** Staged Blobs in memory: `stage` reads the URL's text as the test's fetch would. */
export function memoryStaging(read: (url: string) => string = () => '') {
  const files = new Map<string, string>();
  return {
    files,
    async stage(url: string, id: string) {
      const text = read(url);
      files.set(id, text);
      return text.length;
    },
    async remove(id: string) {
      files.delete(id);
    },
  };
}

/** The error a call rejects with, as `name: message`. */
export async function failure(promise: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return { name: (error as Error).name, message: (error as Error).message };
  }
  throw new Error('the call succeeded');
}

/** Lets queued promise callbacks run. */
export const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
