import { describe, expect, it } from 'vitest';
import type { JobInfo } from '../engine/types';
import { makeJob } from '../popup/job-fixture';
import { createReferrerSync, type DynamicRulesPort } from './referrer-sync';
import type { ListedRule, ReferrerRule } from './referrer-rules';

function fakeRules(): DynamicRulesPort & { rules: ListedRule[]; updates: number } {
  const port = {
    rules: [] as ListedRule[],
    updates: 0,
    async getDynamicRules() {
      await Promise.resolve();
      return structuredClone(port.rules);
    },
    async updateDynamicRules({
      removeRuleIds,
      addRules,
    }: {
      removeRuleIds: number[];
      addRules: ReferrerRule[];
    }) {
      await Promise.resolve();
      port.updates++;
      port.rules = [...port.rules.filter((rule) => !removeRuleIds.includes(rule.id)), ...addRules];
    },
  };
  return port;
}

const job = (id: string, url: string, state: JobInfo['state'] = 'QUEUED') =>
  makeJob({
    id,
    state,
    referrer: 'https://files.example/list',
    files: [{ url, name: null, localPath: null, bytesTotal: null, bytesTransferred: 0, completed: false }],
  });

const urlsOf = (rules: ListedRule[]) => rules.map((rule) => rule.condition?.urlFilter);

describe('createReferrerSync', () => {
  it('adds a rule for a new job and removes it once the job is final', async () => {
    const rules = fakeRules();
    let jobs = [job('a', 'https://f/1')];
    const referrers = createReferrerSync({ rules, initiatorDomain: 'ext', jobs: () => jobs });
    await referrers.sync();
    expect(urlsOf(rules.rules)).toEqual(['|https://f/1|']);
    await referrers.sync();
    expect(rules.updates).toBe(1);
    jobs = [job('a', 'https://f/1', 'CANCELLED')];
    await referrers.sync();
    expect(rules.rules).toEqual([]);
  });

  it('never runs two reconciliations at once, and the last call sees the last jobs', async () => {
    const rules = fakeRules();
    let jobs: JobInfo[] = [];
    const referrers = createReferrerSync({ rules, initiatorDomain: 'ext', jobs: () => jobs });
    const calls: Promise<void>[] = [];
    for (let i = 1; i <= 5; i++) {
      jobs = [...jobs, job(`j${i}`, `https://f/${i}`)];
      calls.push(referrers.sync());
    }
    await Promise.all(calls);
    expect(urlsOf(rules.rules).sort()).toEqual([1, 2, 3, 4, 5].map((i) => `|https://f/${i}|`));
    expect(new Set(rules.rules.map((rule) => rule.id)).size).toBe(5);
    expect(rules.updates).toBeLessThanOrEqual(2);
  });

  it('reports a failing browser and goes on', async () => {
    const errors: unknown[] = [];
    const referrers = createReferrerSync({
      rules: {
        getDynamicRules: () => Promise.reject(new Error('no DNR')),
        updateDynamicRules: () => Promise.resolve(),
      },
      initiatorDomain: 'ext',
      jobs: () => [job('a', 'https://f/1')],
      onError: (error) => errors.push(error),
    });
    await referrers.sync();
    expect(errors).toHaveLength(1);
  });
});
