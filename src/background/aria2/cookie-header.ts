/**
 * The Cookie header a handed-off download needs (job-model.md "Hand-off to aria2"): aria2 is
 * another program and has none of the browser's cookies, so the background reads the ones the
 * browser would send to the file's URL with the `cookies` API and passes them along, once, for the
 * addUri call to the configured address. Nothing here keeps them.
 */

export interface BrowserCookie {
  name: string;
  value: string;
  path: string;
}

/** The part of `browser.cookies` used here. */
export interface CookiesPort {
  getAll(details: { url: string }): Promise<BrowserCookie[]>;
}

/**
 * `name=value; ...` as a browser writes it (RFC 6265 5.4: longer paths first), or null when the
 * browser has no cookie for the URL. A cookie whose name or value holds a CR, LF or NUL is left out:
 * it could not travel in a header.
 */
export function cookieHeader(cookies: readonly BrowserCookie[]): string | null {
  const pairs = [...cookies]
    .sort((a, b) => b.path.length - a.path.length)
    .filter((cookie) => !/[\r\n\0]/.test(cookie.name + cookie.value))
    .map((cookie) => (cookie.name === '' ? cookie.value : `${cookie.name}=${cookie.value}`));
  return pairs.length === 0 ? null : pairs.join('; ');
}

/** The browser's cookies for `url`, or null (no cookies API, or it failed: the download goes without). */
export async function cookieHeaderFor(port: CookiesPort | undefined, url: string): Promise<string | null> {
  if (!port) return null;
  try {
    return cookieHeader(await port.getAll({ url }));
  } catch (error) {
    console.warn('WebBITS could not read the cookies for a download sent to aria2', error);
    return null;
  }
}
