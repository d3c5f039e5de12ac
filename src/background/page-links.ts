/**
 * Collects a page's links for the picker. `collectPageLinks` runs inside the page through
 * scripting.executeScript, so it must stay self-contained (no imports, no closures).
 */
import type { LinkCandidate } from '../shared/background-api';

export function collectPageLinks(): LinkCandidate[] {
  const seen = new Set<string>();
  const links: LinkCandidate[] = [];
  for (const anchor of Array.from(document.querySelectorAll('a[href]'))) {
    const url = (anchor as HTMLAnchorElement).href;
    if (!/^https?:/i.test(url) || seen.has(url)) continue;
    seen.add(url);
    links.push({ url, text: (anchor.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 200) });
  }
  return links;
}

/** Keeps what a page returned only if it has the expected shape. */
export function sanitiseLinks(value: unknown): LinkCandidate[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter(
      (link): link is LinkCandidate =>
        typeof link === 'object' &&
        link !== null &&
        typeof (link as LinkCandidate).url === 'string' &&
        /^https?:/i.test((link as LinkCandidate).url) &&
        typeof (link as LinkCandidate).text === 'string',
    )
    .slice(0, 5000)
    .map((link) => ({ url: link.url, text: link.text }));
}
