/** The display name of a download added by the person: the URL's last path segment, decoded. */
export function displayNameFromUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url.slice(0, 256) || 'download';
  }
  const segment = parsed.pathname.split('/').filter(Boolean).pop();
  let name = segment ?? '';
  try {
    name = decodeURIComponent(name);
  } catch {
    // A malformed escape: keep the segment as written.
  }
  return (name.trim() || parsed.hostname || 'download').slice(0, 256);
}
