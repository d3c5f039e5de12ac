import { describe, expect, it } from 'vitest';
import { makeJob } from '../popup/job-fixture';
import { planReferrerRules, referrerRule, wantedReferrers } from './referrer-rules';

const PAGE = 'https://files.example/list';
const file = (url: string, completed = false) => ({
  url,
  name: null,
  localPath: null,
  bytesTotal: null,
  bytesTransferred: 0,
  completed,
});

describe('wantedReferrers', () => {
  it('takes the unfinished files of "user" jobs that have a referrer and are not final', () => {
    const jobs = [
      makeJob({
        id: 'a',
        referrer: PAGE,
        state: 'QUEUED',
        files: [file('https://f/1'), file('https://f/2', true)],
      }),
      makeJob({ id: 'b', referrer: PAGE, state: 'ACKNOWLEDGED', files: [file('https://f/3')] }),
      makeJob({ id: 'c', state: 'QUEUED', files: [file('https://f/4')] }),
      makeJob({ id: 'd', owner: 'https://shop.example', referrer: PAGE, files: [file('https://f/5')] }),
      makeJob({ id: 'e', referrer: PAGE, state: 'ERROR', files: [file('https://f/6')] }),
    ];
    expect([...wantedReferrers(jobs)]).toEqual([
      ['https://f/1', PAGE],
      ['https://f/6', PAGE],
    ]);
  });
});

describe('referrerRule', () => {
  it("sets Referer on WebBITS's own requests to exactly that URL", () => {
    expect(referrerRule(3, 'https://f/a.zip?x=1', PAGE, 'extid')).toEqual({
      id: 3,
      priority: 1,
      action: {
        type: 'modifyHeaders',
        requestHeaders: [{ header: 'referer', operation: 'set', value: PAGE }],
      },
      condition: {
        urlFilter: '|https://f/a.zip?x=1|',
        isUrlFilterCaseSensitive: true,
        initiatorDomains: ['extid'],
        resourceTypes: ['xmlhttprequest', 'other'],
      },
    });
  });

  it('uses an escaped regex where the URL holds a urlFilter wildcard or anchor', () => {
    const rule = referrerRule(1, 'https://f/a*b|c^d.zip', PAGE, 'extid');
    expect(rule.condition.urlFilter).toBeUndefined();
    const pattern = new RegExp(rule.condition.regexFilter ?? '');
    expect(pattern.test('https://f/a*b|c^d.zip')).toBe(true);
    expect(pattern.test('https://f/aXXb|c^d.zip')).toBe(false);
    expect(pattern.test('https://f/a*b|c^dxzip')).toBe(false);
  });
});

describe('planReferrerRules', () => {
  it('keeps matching rules, removes the others and adds the missing ones with free ids', () => {
    const kept = referrerRule(2, 'https://f/1', PAGE, 'extid');
    // Firefox lists rules with null fields.
    const listedKept = { ...kept, condition: { ...kept.condition, regexFilter: null } };
    const stale = referrerRule(1, 'https://f/old', PAGE, 'extid');
    const changed = referrerRule(5, 'https://f/2', 'https://other.example/', 'extid');
    const wanted = new Map([
      ['https://f/1', PAGE],
      ['https://f/2', PAGE],
      ['https://f/3', PAGE],
    ]);
    const plan = planReferrerRules([listedKept, stale, changed], wanted, 'extid');
    expect(plan.removeRuleIds).toEqual([1, 5]);
    expect(plan.addRules).toEqual([
      referrerRule(1, 'https://f/2', PAGE, 'extid'),
      referrerRule(3, 'https://f/3', PAGE, 'extid'),
    ]);
  });

  it('removes a duplicate and everything once nothing is wanted', () => {
    const rule = referrerRule(1, 'https://f/1', PAGE, 'extid');
    const twin = { ...rule, id: 2 };
    expect(planReferrerRules([rule, twin], new Map([['https://f/1', PAGE]]), 'extid')).toEqual({
      removeRuleIds: [2],
      addRules: [],
    });
    expect(planReferrerRules([rule], new Map(), 'extid')).toEqual({ removeRuleIds: [1], addRules: [] });
  });
});
