/**
 * Whose cookies a request may carry (job-model.md, "Credentials"). A job the person started
 * ("user") sends the browser's cookies, as the browser's own download would. A job owned by a page
 * sends them only to its own site: the same scheme and registrable domain, ports ignored (the
 * browser's "schemeful same-site"). Anything else goes without credentials.
 */
import { getDomain } from 'tldts';
import type { Owner } from '../types';

export type CredentialsMode = 'include' | 'omit';

/**
 * `scheme://registrable-domain` of a URL or origin; an IP address, `localhost` or a bare public
 * suffix is its own site. Private suffixes (github.io, ...) count, as they do for browsers.
 */
export function siteOf(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  const host = parsed.hostname.toLowerCase();
  const domain = getDomain(host, { allowPrivateDomains: true }) ?? host;
  return `${parsed.protocol}//${domain}`;
}

export function credentialsFor(owner: Owner, url: string): CredentialsMode {
  if (owner === 'user') return 'include';
  const ownerSite = siteOf(owner);
  return ownerSite !== null && ownerSite === siteOf(url) ? 'include' : 'omit';
}
