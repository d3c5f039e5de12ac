/**
 * Consent for the page API, on top of the background's sites store and prompt: one prompt per
 * origin at a time (every call made meanwhile waits for the same answer), a blocked origin is never
 * asked again, and a prompt closed without an answer decides nothing (the next call asks again).
 */
import type { SiteDecision } from '../../shared/background-api';

/** `dismissed`: the prompt was closed without an answer. */
export type ConsentOutcome = 'granted' | 'denied' | 'dismissed';

export interface ConsentSource {
  /** The stored decision (options page "Sites"). */
  decision(origin: string): Promise<SiteDecision | null>;
  /** Opens the consent prompt and resolves with the answer, or null when it was closed unanswered. */
  ask(origin: string): Promise<SiteDecision | null>;
}

export interface ConsentGate {
  decision(origin: string): Promise<SiteDecision | null>;
  ensure(origin: string): Promise<ConsentOutcome>;
  /** Prompts waiting for an answer: the host keeps itself alive while there are any. */
  pendingPrompts(): number;
  /** Called when a prompt's answer allowed an origin. */
  onGranted(listener: (origin: string) => void): void;
  /** The stored decisions changed (options page): read them again on the next call. */
  forgetCached(): void;
}

/** A decision read from storage is reused this long: a flood of calls does not re-read it each time. */
export const DECISION_CACHE_MS = 1000;

export function createConsentGate(source: ConsentSource, now: () => number): ConsentGate {
  const asking = new Map<string, Promise<ConsentOutcome>>();
  const cache = new Map<string, { decision: SiteDecision | null; at: number }>();
  const granted: Array<(origin: string) => void> = [];

  const decision = async (origin: string): Promise<SiteDecision | null> => {
    const cached = cache.get(origin);
    if (cached && now() - cached.at < DECISION_CACHE_MS) return cached.decision;
    const fresh = await source.decision(origin);
    cache.set(origin, { decision: fresh, at: now() });
    return fresh;
  };

  const ask = async (origin: string): Promise<ConsentOutcome> => {
    let answer: SiteDecision | null;
    try {
      answer = await source.ask(origin);
    } catch {
      answer = null; // the prompt could not open: no decision
    }
    cache.delete(origin);
    if (answer === 'allowed') for (const listener of granted) listener(origin);
    return answer === 'allowed' ? 'granted' : answer === 'blocked' ? 'denied' : 'dismissed';
  };

  return {
    decision,
    async ensure(origin) {
      const waiting = asking.get(origin);
      if (waiting) return waiting;
      const known = await decision(origin);
      if (known) return known === 'allowed' ? 'granted' : 'denied';
      // Another call may have opened the prompt while this one read the decision.
      let prompt = asking.get(origin);
      if (!prompt) {
        prompt = ask(origin).finally(() => asking.delete(origin));
        asking.set(origin, prompt);
      }
      return prompt;
    },
    pendingPrompts: () => asking.size,
    onGranted(listener) {
      granted.push(listener);
    },
    forgetCached() {
      cache.clear();
    },
  };
}
