/**
 * The `Referer` of jobs owned by "user" (job-model.md, "Credentials"). An extension's `fetch`
 * cannot set it, and a `referrer` option to another origin is ignored (docs/transfer.md, "Logged-in
 * downloads"), so the background keeps one declarativeNetRequest rule per file URL of every job
 * that has a referrer and is not final: `modifyHeaders` sets `Referer` on requests to exactly that
 * URL made by WebBITS itself (initiator: the extension's own origin, which no web page or other
 * extension has). The rules are dynamic, so that they are in place before the engine host resumes
 * a job after a browser restart; dynamic rules cannot name tabs (`tabIds` is for session rules
 * only), and the initiator is the narrower scope anyway.
 * Pure: the background reconciles the browser's rules with `planReferrerRules`.
 */
import { isFinal, USER_OWNER, type JobInfo } from '../engine/types';

/** Chrome allows 5000 "unsafe" (modifyHeaders) dynamic rules per extension; stay well inside. */
export const REFERRER_RULE_LIMIT = 4000;

/** The part of a declarativeNetRequest rule WebBITS writes and reads back. */
export interface ReferrerRule {
  id: number;
  priority: number;
  action: {
    type: 'modifyHeaders';
    requestHeaders: Array<{ header: 'referer'; operation: 'set'; value: string }>;
  };
  condition: {
    urlFilter?: string;
    regexFilter?: string;
    isUrlFilterCaseSensitive: true;
    initiatorDomains: string[];
    resourceTypes: Array<'xmlhttprequest' | 'other'>;
  };
}

/** A rule as the browser lists it: Firefox adds null fields, other extensions' rules never appear. */
export interface ListedRule {
  id: number;
  action?: { requestHeaders?: Array<{ header?: string; value?: string | null }> | null };
  condition?: { urlFilter?: string | null; regexFilter?: string | null };
}

/** Every URL a non-final "user" job still fetches, with the Referer its requests carry. */
export function wantedReferrers(jobs: readonly JobInfo[]): Map<string, string> {
  const wanted = new Map<string, string>();
  for (const job of jobs) {
    if (job.owner !== USER_OWNER || !job.referrer || isFinal(job.state)) continue;
    for (const file of job.files) {
      if (!file.completed && !wanted.has(file.url)) wanted.set(file.url, job.referrer);
      if (wanted.size >= REFERRER_RULE_LIMIT) return wanted;
    }
  }
  return wanted;
}

const URL_FILTER_SPECIAL = /[*^|]/;
const REGEX_SPECIAL = /[.*+?^${}()|[\]\\/]/g;

/** The condition that matches exactly `url`: urlFilter anchored at both ends, or a regex for URLs with `*`, `^` or `|`. */
function urlCondition(url: string): { urlFilter: string } | { regexFilter: string } {
  if (!URL_FILTER_SPECIAL.test(url)) return { urlFilter: `|${url}|` };
  return { regexFilter: `^${url.replace(REGEX_SPECIAL, '\\$&')}$` };
}

export function referrerRule(
  id: number,
  url: string,
  referrer: string,
  initiatorDomain: string,
): ReferrerRule {
  return {
    id,
    priority: 1,
    action: {
      type: 'modifyHeaders',
      requestHeaders: [{ header: 'referer', operation: 'set', value: referrer }],
    },
    condition: {
      ...urlCondition(url),
      isUrlFilterCaseSensitive: true,
      // WebBITS's own requests (the engine host's worker), never a page's or another extension's.
      initiatorDomains: [initiatorDomain],
      resourceTypes: ['xmlhttprequest', 'other'],
    },
  };
}

const keyOf = (filter: { urlFilter?: string | null; regexFilter?: string | null }, value: string) =>
  `${filter.urlFilter ?? ''}\n${filter.regexFilter ?? ''}\n${value}`;

/** What to remove and add so that the browser holds exactly one rule per wanted URL. */
export function planReferrerRules(
  existing: readonly ListedRule[],
  wanted: ReadonlyMap<string, string>,
  initiatorDomain: string,
): { removeRuleIds: number[]; addRules: ReferrerRule[] } {
  const wantedByKey = new Map<string, [string, string]>();
  for (const [url, referrer] of wanted) wantedByKey.set(keyOf(urlCondition(url), referrer), [url, referrer]);
  const removeRuleIds: number[] = [];
  const kept = new Set<string>();
  for (const rule of existing) {
    const value = rule.action?.requestHeaders?.[0]?.value ?? '';
    const key = keyOf(rule.condition ?? {}, value);
    if (wantedByKey.has(key) && !kept.has(key)) kept.add(key);
    else removeRuleIds.push(rule.id);
  }
  const used = new Set(existing.map((rule) => rule.id).filter((id) => !removeRuleIds.includes(id)));
  let nextId = 1;
  const addRules: ReferrerRule[] = [];
  for (const [key, [url, referrer]] of wantedByKey) {
    if (kept.has(key)) continue;
    while (used.has(nextId)) nextId++;
    used.add(nextId);
    addRules.push(referrerRule(nextId, url, referrer, initiatorDomain));
  }
  return { removeRuleIds, addRules };
}
