/** The origin a person means by what they typed in "Allowed site", or null if it names none. */
export function parseSiteOrigin(raw: string): string | null {
  const text = raw.trim();
  if (text === '') return null;
  // "shop.example" is taken as https://shop.example, the way an address bar reads it.
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username || url.password || !url.hostname) return null;
  return url.origin;
}
