/**
 * The consent prompt (ui.md): a small extension window asks "Allow <origin> to add downloads?".
 * `ask` opens it and resolves with the answer, or null when the window is closed unanswered.
 * The page API bridge calls `ask` for an origin without a decision.
 */
import type { SiteDecision } from '../shared/background-api';
import { sessionRecords, type SessionArea } from './session-records';
import type { SitesStore } from './sites';

export interface ConsentDeps {
  session: SessionArea;
  sites: SitesStore;
  newId(): string;
  /** Opens consent.html?promptId=… and returns its window id. */
  openPrompt(promptId: string): Promise<number | undefined>;
}

export interface Consent {
  ask(origin: string): Promise<SiteDecision | null>;
  getPrompt(promptId: string): Promise<{ origin: string } | null>;
  answer(promptId: string, decision: SiteDecision): Promise<void>;
  /** windows.onRemoved: a prompt closed without an answer counts as no decision. */
  onWindowClosed(windowId: number): void;
}

export function createConsent(deps: ConsentDeps): Consent {
  const prompts = sessionRecords<{ origin: string }>(deps.session, 'consent');
  const pending = new Map<string, { resolve: (d: SiteDecision | null) => void; windowId?: number }>();
  const settle = (promptId: string, decision: SiteDecision | null): void => {
    pending.get(promptId)?.resolve(decision);
    pending.delete(promptId);
    void prompts.remove(promptId);
  };
  return {
    async ask(origin) {
      const promptId = deps.newId();
      await prompts.put(promptId, { origin });
      const answer = new Promise<SiteDecision | null>((resolve) => pending.set(promptId, { resolve }));
      const windowId = await deps.openPrompt(promptId);
      const entry = pending.get(promptId);
      if (entry && windowId !== undefined) entry.windowId = windowId;
      return answer;
    },
    getPrompt: (promptId) => prompts.get(promptId),
    async answer(promptId, decision) {
      const prompt = await prompts.get(promptId);
      if (!prompt) throw new Error('This question has expired.');
      await deps.sites.set(prompt.origin, decision);
      settle(promptId, decision);
    },
    onWindowClosed(windowId) {
      for (const [promptId, entry] of pending) if (entry.windowId === windowId) settle(promptId, null);
    },
  };
}
