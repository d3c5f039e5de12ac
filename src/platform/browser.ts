/**
 * The one place the extension reaches the WebExtension APIs: `browser` (promise-based, Firefox's
 * own or webextension-polyfill's over Chrome's `chrome`), plus the Chrome-only APIs the polyfill
 * does not cover (offscreen, power), which are undefined on Firefox.
 */
import browser from 'webextension-polyfill';

export { browser };
export type {
  Downloads,
  Menus,
  Notifications,
  Runtime,
  Storage,
  Tabs,
  WebRequest,
} from 'webextension-polyfill';

type ChromeGlobal = typeof chrome;
const chromeGlobal = (globalThis as { chrome?: ChromeGlobal }).chrome;

/** Chrome's offscreen documents; undefined where the background can make blob: URLs itself. */
export const offscreenApi: ChromeGlobal['offscreen'] | undefined = chromeGlobal?.offscreen;
/** Chrome's downloads, for onDeterminingFilename (Chrome only: undefined on Firefox). */
export const chromeDownloadsApi: ChromeGlobal['downloads'] | undefined = chromeGlobal?.downloads;
/** Chrome's power API; Firefox has none. */
export const powerApi: ChromeGlobal['power'] | undefined = chromeGlobal?.power;
/** runtime.getContexts (Chrome 116+), to find an existing offscreen document. */
export const getContexts: ChromeGlobal['runtime']['getContexts'] | undefined =
  chromeGlobal?.runtime?.getContexts?.bind(chromeGlobal.runtime);
/**
 * declarativeNetRequest (Chrome and Firefox MV3), typed where it is used (the polyfill passes it
 * through: its methods return promises in both browsers); undefined where the browser has none.
 */
export const declarativeNetRequestApi = (): unknown =>
  (globalThis as { browser?: { declarativeNetRequest?: unknown } }).browser?.declarativeNetRequest ??
  chromeGlobal?.declarativeNetRequest;
