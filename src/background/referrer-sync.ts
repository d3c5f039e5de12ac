/**
 * Keeps the browser's declarativeNetRequest rules in step with the jobs (referrer-rules.ts):
 * called before a new job with a referrer is resumed, on every job change and at each start.
 * Calls never overlap: one asked for while another runs makes exactly one more run after it.
 */
import type { JobInfo } from '../engine/types';
import { planReferrerRules, wantedReferrers, type ListedRule, type ReferrerRule } from './referrer-rules';

export interface DynamicRulesPort {
  getDynamicRules(): Promise<ListedRule[]>;
  updateDynamicRules(options: { removeRuleIds: number[]; addRules: ReferrerRule[] }): Promise<void>;
}

export interface ReferrerSync {
  /** Resolves once the rules match the jobs as they were when it was called (or later). */
  sync(): Promise<void>;
}

export function createReferrerSync(deps: {
  /** undefined where the browser has no declarativeNetRequest: jobs then go without a Referer. */
  rules: DynamicRulesPort | undefined;
  /** The extension's own host: its id (Chrome) or its internal UUID (Firefox). */
  initiatorDomain: string;
  jobs(): JobInfo[];
  onError?(error: unknown): void;
}): ReferrerSync {
  let running: Promise<void> | null = null;
  let again: Promise<void> | null = null;

  const once = async (): Promise<void> => {
    const { rules } = deps;
    if (!rules) return;
    try {
      const plan = planReferrerRules(
        await rules.getDynamicRules(),
        wantedReferrers(deps.jobs()),
        deps.initiatorDomain,
      );
      if (plan.removeRuleIds.length > 0 || plan.addRules.length > 0) await rules.updateDynamicRules(plan);
    } catch (error) {
      deps.onError?.(error);
    }
  };

  const sync = (): Promise<void> => {
    if (!running) {
      running = once().finally(() => {
        running = null;
      });
      return running;
    }
    // One more run after the current one sees every change made until it starts.
    again ??= running.then(() => {
      again = null;
      return sync();
    });
    return again;
  };
  return { sync };
}
