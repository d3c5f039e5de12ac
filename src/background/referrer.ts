/**
 * The Referer a download the person starts from a page carries (job-model.md, "Credentials"): what
 * the browser's own request would send under its default referrer policy,
 * `strict-origin-when-cross-origin`. The page's own policy (a meta tag, a header) is not known to
 * the background, so a page that asks for less is not honoured; one that asks for more gets the
 * default. Pure.
 */
const isHttp = (url: URL): boolean => url.protocol === 'http:' || url.protocol === 'https:';

function parse(text: string | null | undefined): URL | null {
  if (!text) return null;
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

/**
 * The full page URL (no fragment, no user name or password) to the page's own origin, the
 * origin alone to another origin, nothing from https to http or from a page that is not http(s).
 */
export function referrerFor(pageUrl: string | null | undefined, targetUrl: string): string | null {
  const page = parse(pageUrl);
  const target = parse(targetUrl);
  if (!page || !target || !isHttp(page) || !isHttp(target)) return null;
  if (page.protocol === 'https:' && target.protocol === 'http:') return null;
  page.hash = '';
  page.username = '';
  page.password = '';
  return page.origin === target.origin ? page.href : `${page.origin}/`;
}
