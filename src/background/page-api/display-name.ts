/** The display name of a WMP item: the file name from its URL (page-api.md), as the popup shows it. */
const MAX_DISPLAY_NAME = 256;

export function displayNameFromUrl(url: string): string {
  const { pathname, hostname } = new URL(url);
  const last =
    pathname
      .split('/')
      .filter((part) => part !== '')
      .pop() ?? '';
  let name: string;
  try {
    name = decodeURIComponent(last);
  } catch {
    name = last;
  }
  name = name.trim() || hostname || 'download';
  return name.slice(0, MAX_DISPLAY_NAME);
}
