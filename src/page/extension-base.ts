/**
 * Where the extension lives, as seen from the page's world. A MAIN-world content script has no
 * `runtime.getURL`, but the browser names its script file in every stack trace it makes
 * (`chrome-extension://<id>/page.js`, `moz-extension://<uuid>/page.js`), so the base is read from
 * a stack taken while page.js starts, before any page script could change how stacks are made.
 */
const EXTENSION_URL = /\b((?:chrome|moz)-extension):\/\/([0-9a-zA-Z-]{1,64})\//;

export interface ExtensionBase {
  /** `chrome-extension://<id>`: the target origin of the handshake with the bridge frame. */
  origin: string;
  /** `chrome-extension://<id>/` */
  url: string;
}

export function extensionBaseFromStack(stack: string | undefined): ExtensionBase | null {
  const match = EXTENSION_URL.exec(stack ?? '');
  if (!match) return null;
  const origin = `${match[1]}://${match[2]}`;
  return { origin, url: `${origin}/` };
}
