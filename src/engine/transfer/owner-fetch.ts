/**
 * A GET on behalf of a job's owner, with the credentials job-model.md allows on every hop.
 *
 * A "user" job lets the browser follow redirects with cookies, as its own download would. A page
 * job must never carry cookies to another site, not even after a redirect, and `fetch` cannot
 * change credentials between the hops it follows. So a page job's request to its own site is sent
 * with `redirect: 'manual'`:
 * - where the redirect is visible (Node, the tests), each hop is followed here and gets the
 *   credentials of its own URL's site;
 * - where the browser hides it (an `opaqueredirect` answer: no status, no Location), the same
 *   request is sent again without credentials and the browser follows it. The other site gets no
 *   cookie; the owner's first hop is asked twice. docs/page-api.md records this choice.
 * A request to another site is sent without credentials from the start.
 */
import type { FetchPort } from '../ports';
import { credentialsFor } from './request-credentials';
import type { Owner } from '../types';

/** What the Fetch standard allows: more hops than this is a network error. */
const MAX_REDIRECTS = 20;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export class RedirectProblem extends Error {
  override name = 'RedirectProblem';
}

export async function fetchAsOwner(
  fetch: FetchPort,
  owner: Owner,
  url: string,
  headers: Headers,
  signal: AbortSignal,
): Promise<Response> {
  const get = (target: string, credentials: RequestCredentials, redirect: RequestRedirect) =>
    fetch(target, { method: 'GET', headers, signal, credentials, redirect });
  if (owner === 'user') return get(url, 'include', 'follow');
  let current = url;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    if (credentialsFor(owner, current) === 'omit') return get(current, 'omit', 'follow');
    const response = await get(current, 'include', 'manual');
    if (response.type === 'opaqueredirect') return get(current, 'omit', 'follow');
    const location = REDIRECT_STATUSES.has(response.status) ? response.headers.get('location') : null;
    if (location === null) return response;
    void response.body?.cancel().catch(() => undefined);
    current = nextHop(current, location);
  }
  throw new RedirectProblem(`more than ${MAX_REDIRECTS} redirects`);
}

function nextHop(from: string, location: string): string {
  let next: URL;
  try {
    next = new URL(location, from);
  } catch {
    throw new RedirectProblem(`a redirect to an invalid URL (${location.slice(0, 100)})`);
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:') {
    throw new RedirectProblem(`a redirect to a ${next.protocol} URL, which is not http or https`);
  }
  return next.href;
}
