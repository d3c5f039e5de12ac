/**
 * Where the extension lives, as seen from the page's world. A MAIN-world content script has no
 * `runtime.getURL`. Chromium names the script's file in the stack traces it makes
 * (`chrome-extension://<id>/page.js`), so there the base is read from a stack taken while page.js
 * starts, before any page script could change how stacks are made. Firefox hides it
 * (`@<anonymous code>:1:9649`), and its `moz-extension://<uuid>` is random per profile: there a
 * tiny isolated-world script announces the base at document_start (src/firefox-base/,
 * announced-base.ts).
 */
const EXTENSION_URL = /\b((?:chrome|moz)-extension):\/\/([0-9a-zA-Z-]{1,64})\//;

export interface ExtensionBase {
  /** `chrome-extension://<id>`: the target origin of the handshake with the bridge frame. */
  origin: string;
  /** `chrome-extension://<id>/` */
  url: string;
}

/** Also reads a bare base URL (`moz-extension://<uuid>/`). */
export function extensionBaseFromStack(stack: string | undefined): ExtensionBase | null {
  const match = EXTENSION_URL.exec(stack ?? '');
  if (!match) return null;
  const origin = `${match[1]}://${match[2]}`;
  return { origin, url: `${origin}/` };
}
