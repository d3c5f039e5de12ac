/**
 * Who may use the page API: one decision per origin, kept in storage, asked for through the consent
 * prompt (ui.md). At most one prompt per origin is open; every call made meanwhile waits for it.
 * Closing the prompt without answering decides nothing: the waiting calls fail and the next call
 * asks again.
 */
import type { SiteDecision, SiteEntry } from '../../shared/background-api';
import type { KeyValueStorage } from './key-value-storage';

export const SITES_KEY = 'pageApiSites';
export const PROMPTS_KEY = 'pageApiPrompts';

/** `dismissed`: the prompt was closed without an answer. */
export type ConsentOutcome = 'granted' | 'denied' | 'dismissed';

export interface ConsentDeps {
  storage: KeyValueStorage;
  /** Opens consent.html?promptId=… for this origin. */
  openPrompt(promptId: string, origin: string): Promise<void> | void;
  newPromptId(): string;
  now(): number;
}

export interface ConsentManager {
  decision(origin: string): Promise<SiteDecision | null>;
  /** The stored decision, or the person's answer to a prompt (one prompt per origin at a time). */
  ensure(origin: string): Promise<ConsentOutcome>;
  answer(promptId: string, decision: SiteDecision): Promise<void>;
  /** The prompt's window closed: an unanswered prompt ends without a decision. */
  dismiss(promptId: string): void;
  getPrompt(promptId: string): Promise<{ origin: string } | null>;
  listSites(): Promise<SiteEntry[]>;
  setSite(origin: string, decision: SiteDecision | null): Promise<SiteEntry[]>;
  /** Prompts waiting for an answer: the host keeps itself alive while there are any. */
  pendingPrompts(): number;
  /** Called after every change of a decision (answer or options page). */
  onDecision(listener: (origin: string, decision: SiteDecision | null) => void): () => void;
}

type Sites = Record<string, { decision: SiteDecision; decided: number }>;

interface OpenPrompt {
  origin: string;
  settle: (outcome: ConsentOutcome) => void;
  outcome: Promise<ConsentOutcome>;
}

export function createConsentManager(deps: ConsentDeps): ConsentManager {
  let sites: Promise<Sites> | null = null;
  const promptsById = new Map<string, OpenPrompt>();
  const promptIdByOrigin = new Map<string, string>();
  const listeners = new Set<(origin: string, decision: SiteDecision | null) => void>();
  let writes = Promise.resolve();

  const loadSites = (): Promise<Sites> => {
    sites ??= deps.storage.get(SITES_KEY).then((stored) => readSites(stored));
    return sites;
  };
  const saveSites = (all: Sites): Promise<void> => {
    writes = writes.then(() => deps.storage.set(SITES_KEY, all)).catch(() => undefined);
    return writes;
  };
  const record = async (origin: string, decision: SiteDecision | null): Promise<void> => {
    const all = await loadSites();
    const next: Sites = Object.fromEntries(Object.entries(all).filter(([key]) => key !== origin));
    if (decision !== null) next[origin] = { decision, decided: deps.now() };
    sites = Promise.resolve(next);
    await saveSites(next);
    for (const listener of listeners) listener(origin, decision);
  };
  const savePrompts = (): void => {
    const open: Record<string, string> = {};
    for (const [id, prompt] of promptsById) open[id] = prompt.origin;
    writes = writes.then(() => deps.storage.set(PROMPTS_KEY, open)).catch(() => undefined);
  };
  const closePrompt = (promptId: string, outcome: ConsentOutcome): void => {
    const prompt = promptsById.get(promptId);
    if (!prompt) return;
    promptsById.delete(promptId);
    promptIdByOrigin.delete(prompt.origin);
    savePrompts();
    prompt.settle(outcome);
  };

  const manager: ConsentManager = {
    async decision(origin) {
      return (await loadSites())[origin]?.decision ?? null;
    },
    async ensure(origin) {
      const known = await manager.decision(origin);
      if (known) return known === 'allowed' ? 'granted' : 'denied';
      const waiting = promptsById.get(promptIdByOrigin.get(origin) ?? '');
      if (waiting) return waiting.outcome;
      const promptId = deps.newPromptId();
      let settle!: (outcome: ConsentOutcome) => void;
      const outcome = new Promise<ConsentOutcome>((resolve) => (settle = resolve));
      promptsById.set(promptId, { origin, settle, outcome });
      promptIdByOrigin.set(origin, promptId);
      savePrompts();
      try {
        await deps.openPrompt(promptId, origin);
      } catch {
        closePrompt(promptId, 'dismissed');
      }
      return outcome;
    },
    async answer(promptId, decision) {
      const open = promptsById.get(promptId);
      // After a restart of the background the prompt is only known from storage.
      const origin = open?.origin ?? readPrompts(await deps.storage.get(PROMPTS_KEY))[promptId];
      if (!origin) return;
      await record(origin, decision);
      if (open) closePrompt(promptId, decision === 'allowed' ? 'granted' : 'denied');
      else savePrompts();
    },
    dismiss(promptId) {
      closePrompt(promptId, 'dismissed');
    },
    async getPrompt(promptId) {
      const open = promptsById.get(promptId);
      if (open) return { origin: open.origin };
      const origin = readPrompts(await deps.storage.get(PROMPTS_KEY))[promptId];
      return origin ? { origin } : null;
    },
    async listSites() {
      const all = await loadSites();
      return Object.entries(all)
        .map(([origin, entry]) => ({ origin, ...entry }))
        .sort((a, b) => a.origin.localeCompare(b.origin));
    },
    async setSite(origin, decision) {
      await record(origin, decision);
      // Deciding ahead in the options page answers a prompt that is open for that origin.
      const promptId = promptIdByOrigin.get(origin);
      if (promptId && decision) closePrompt(promptId, decision === 'allowed' ? 'granted' : 'denied');
      return manager.listSites();
    },
    pendingPrompts: () => promptsById.size,
    onDecision(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return manager;
}

function readSites(stored: unknown): Sites {
  const sites: Sites = {};
  if (typeof stored !== 'object' || stored === null) return sites;
  for (const [origin, entry] of Object.entries(stored as Record<string, unknown>)) {
    const { decision, decided } = (entry ?? {}) as { decision?: unknown; decided?: unknown };
    if ((decision === 'allowed' || decision === 'blocked') && typeof decided === 'number') {
      sites[origin] = { decision, decided };
    }
  }
  return sites;
}

function readPrompts(stored: unknown): Record<string, string> {
  if (typeof stored !== 'object' || stored === null) return {};
  return Object.fromEntries(
    Object.entries(stored as Record<string, unknown>).filter(
      (e): e is [string, string] => typeof e[1] === 'string',
    ),
  );
}
