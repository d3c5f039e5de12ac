import { describe, expect, it } from 'vitest';
import { createConsent } from './consent';
import { createSitesStore } from './sites';
import type { SessionArea } from './session-records';

function memoryArea(): SessionArea {
  const data = new Map<string, unknown>();
  return {
    get: async (key) => (data.has(key) ? { [key]: data.get(key) } : {}),
    set: async (items) => Object.entries(items).forEach(([key, value]) => data.set(key, value)),
    remove: async (key) => void data.delete(key),
  };
}

function setup() {
  const sites = createSitesStore(memoryArea(), () => 1000);
  const opened: string[] = [];
  let promptShown: () => void = () => undefined;
  const shown = new Promise<void>((resolve) => (promptShown = resolve));
  const consent = createConsent({
    session: memoryArea(),
    sites,
    newId: () => `p${opened.length + 1}`,
    openPrompt: async (promptId) => {
      opened.push(promptId);
      promptShown();
      return 50 + opened.length;
    },
  });
  return { consent, sites, opened, shown };
}

describe('consent prompt', () => {
  it('shows the origin, records the answer and resolves the question', async () => {
    const { consent, sites, opened, shown } = setup();
    const answer = consent.ask('https://shop.example');
    await shown;
    expect(opened).toEqual(['p1']);
    expect(await consent.getPrompt('p1')).toEqual({ origin: 'https://shop.example' });
    await consent.answer('p1', 'allowed');
    await expect(answer).resolves.toBe('allowed');
    expect(await sites.list()).toEqual([
      { origin: 'https://shop.example', decision: 'allowed', decided: 1000 },
    ]);
    expect(await consent.getPrompt('p1')).toBeNull();
  });

  it('counts a window closed without an answer as no decision', async () => {
    const { consent, sites, shown } = setup();
    const answer = consent.ask('https://shop.example');
    await shown;
    // The window id is recorded once openPrompt's promise settles.
    await Promise.resolve();
    consent.onWindowClosed(51);
    await expect(answer).resolves.toBeNull();
    expect(await sites.list()).toEqual([]);
  });

  it('forgets a site when asked to', async () => {
    const { sites } = setup();
    await sites.set('https://a.example', 'blocked');
    expect(await sites.get('https://a.example')).toBe('blocked');
    expect(await sites.set('https://a.example', null)).toEqual([]);
  });
});
