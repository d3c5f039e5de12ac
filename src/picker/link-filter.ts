/** The link picker's list: each address once, narrowed by the "Filter" text. */
import type { LinkCandidate } from '../shared/background-api';

/** Each URL once, keeping the first text seen for it (pages often link the same file twice). */
export function uniqueLinks(links: readonly LinkCandidate[]): LinkCandidate[] {
  const seen = new Map<string, LinkCandidate>();
  for (const link of links) {
    const known = seen.get(link.url);
    if (!known) seen.set(link.url, link);
    else if (!known.text.trim() && link.text.trim()) seen.set(link.url, link);
  }
  return [...seen.values()];
}

/** Links whose text or address holds every word of the filter, ignoring case. */
export function filterLinks(links: readonly LinkCandidate[], filter: string): LinkCandidate[] {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...links];
  return links.filter((link) => {
    const haystack = `${link.text}\n${link.url}`.toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
}

/** What a link is called in the list: its text, else the file name in its address, else the address. */
export function linkLabel(link: LinkCandidate): string {
  const text = link.text.replace(/\s+/g, ' ').trim();
  if (text) return text;
  try {
    const last = new URL(link.url).pathname.split('/').filter(Boolean).pop();
    if (last) return decodeURIComponent(last);
  } catch {
    // Not a parsable address, or bad percent-encoding: the address itself is the best name.
  }
  return link.url;
}
