/**
 * Drives real Firefox (Debian's firefox-esr) with the built extension (dist/firefox), through
 * puppeteer-core over WebDriver BiDi: a fresh profile whose prefs send downloads to a temporary
 * folder without asking, and fix the extension's internal UUID so that its pages have a known
 * moz-extension:// URL; the extension is installed as a temporary add-on (no signature needed).
 *
 *   const firefox = await launchFirefoxWithExtension();
 *   const popup = await firefox.openExtensionPage('popup');
 *   ...
 *   await firefox.close();
 */
import { execSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

export const DIST_FIREFOX = resolve(import.meta.dirname, '../../dist/firefox');

/** The moz-extension:// host the profile assigns to the extension (any fixed UUID works). */
export const EXTENSION_UUID = '3b8f0c52-7d1e-4a6b-9c2f-5e0a1d4b7c93';

/** The Firefox binary on PATH, or null when neither firefox-esr nor firefox is installed. */
export function firefoxPath(): string | null {
  try {
    const found = execSync('command -v firefox-esr || command -v firefox', { shell: '/bin/sh' })
      .toString()
      .trim();
    return found || null;
  } catch {
    return null;
  }
}

/** The gecko id the build wrote into the Firefox manifest. */
export function geckoId(extensionDir: string): string {
  const manifest = JSON.parse(readFileSync(join(extensionDir, 'manifest.json'), 'utf8')) as {
    browser_specific_settings?: { gecko?: { id?: string } };
  };
  const id = manifest.browser_specific_settings?.gecko?.id;
  if (!id) throw new Error(`${extensionDir}/manifest.json has no browser_specific_settings.gecko.id`);
  return id;
}

/** Profile prefs for a test run: downloads land in `downloadDir` silently; the extension's UUID is fixed. */
export function firefoxTestPrefs(options: {
  downloadDir: string;
  extensionId: string;
  extensionUuid: string;
}): Record<string, unknown> {
  return {
    // moz-extension://<uuid>/ is random per profile unless this maps the gecko id to a UUID.
    'extensions.webextensions.uuids': JSON.stringify({ [options.extensionId]: options.extensionUuid }),
    // MV3 host permissions are opt-in in Firefox; with this (Firefox's default) the manifest's
    // host_permissions are granted when the extension is installed, as the install prompt shows them.
    'extensions.originControls.grantByDefault': true,
    'xpinstall.signatures.required': false,
    'browser.download.dir': options.downloadDir,
    'browser.download.folderList': 2,
    'browser.download.useDownloadDir': true,
    'browser.download.always_ask_before_handling_new_types': false,
    'browser.download.alwaysOpenPanel': false,
    'browser.download.panel.shown': true,
    'browser.download.start_downloads_in_tmp_dir': false,
  };
}

interface BidiNavigation {
  navigate(url: string, wait: 'none' | 'interactive' | 'complete'): Promise<void>;
}

/**
 * Loads `url` in `page` and resolves once its document has loaded. `page.goto` cannot be used for
 * moz-extension:// pages: Firefox loads them in the extension process and sends no load event
 * over WebDriver BiDi for them, so puppeteer would wait for its timeout. BiDi's own
 * `browsingContext.navigate` with `wait: 'complete'` does resolve; puppeteer keeps that command on
 * the frame's (untyped) `browsingContext`.
 */
async function navigateAndWaitForLoad(page: Page, url: string): Promise<void> {
  const context = (page.mainFrame() as unknown as { browsingContext?: Partial<BidiNavigation> })
    .browsingContext;
  if (typeof context?.navigate !== 'function')
    throw new Error('This puppeteer-core has no BiDi browsingContext.navigate on its frames');
  await context.navigate(url, 'complete');
}

interface BidiCommands {
  connection: {
    send(method: 'webExtension.install', params: object): Promise<{ result: { extension: string } }>;
  };
}

/**
 * Installs `dir` as a temporary add-on. Puppeteer's `installExtension` sends WebDriver BiDi's
 * `webExtension.install` without Firefox's `moz:allowPrivateBrowsing`, so that one goes as is.
 */
async function installTemporaryAddon(
  browser: Browser,
  dir: string,
  allowPrivateBrowsing: boolean,
): Promise<string> {
  if (!allowPrivateBrowsing) return browser.installExtension(dir);
  const { connection } = browser as unknown as BidiCommands;
  const { result } = await connection.send('webExtension.install', {
    extensionData: { type: 'path', path: dir },
    'moz:allowPrivateBrowsing': true,
  });
  return result.extension;
}

export interface FirefoxLaunchOptions {
  /** Extension folder to install; dist/firefox by default. */
  extensionDir?: string;
  /** Where downloads land; a new temporary folder by default (removed on close). */
  downloadDir?: string;
  /** Prefs set over the test prefs (for example to see the extension without its host permission). */
  extraPrefs?: Record<string, unknown>;
  /**
   * Let the extension run in private windows, as the person's "Run in Private Windows" does; without
   * it the extension does not run at all in private browsing (`browser.privatebrowsing.autostart`).
   */
  allowPrivateBrowsing?: boolean;
}

export interface FirefoxSession {
  browser: Browser;
  /** The gecko id from the manifest. */
  extensionId: string;
  /** moz-extension://<uuid>/ */
  extensionOrigin: string;
  downloadDir: string;
  /** Opens moz-extension://<uuid>/<name>.html (plus an optional query) in a new tab, once loaded. */
  openExtensionPage(name: string, query?: string): Promise<Page>;
  close(): Promise<void>;
}

export async function launchFirefoxWithExtension(
  options: FirefoxLaunchOptions = {},
): Promise<FirefoxSession> {
  const executablePath = firefoxPath();
  if (!executablePath) throw new Error('Firefox is not installed (apt-get install firefox-esr)');
  const extensionDir = options.extensionDir ?? DIST_FIREFOX;
  if (!existsSync(join(extensionDir, 'manifest.json')))
    throw new Error(`${extensionDir} has no manifest.json: run npm run build`);
  const extensionId = geckoId(extensionDir);
  const downloadDir = options.downloadDir ?? mkdtempSync(join(tmpdir(), 'webbits-firefox-downloads-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath,
    headless: process.env.WEBBITS_HEADED !== '1',
    // WebDriver BiDi refuses to navigate a tab to moz-extension:// URLs unless system access is allowed.
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      ...firefoxTestPrefs({ downloadDir, extensionId, extensionUuid: EXTENSION_UUID }),
      ...options.extraPrefs,
    },
  });
  try {
    const installedId = await installTemporaryAddon(
      browser,
      extensionDir,
      options.allowPrivateBrowsing ?? false,
    );
    if (installedId !== extensionId)
      throw new Error(`Firefox installed ${installedId}, expected the manifest's ${extensionId}`);
  } catch (error) {
    await browser.close();
    throw error;
  }
  const extensionOrigin = `moz-extension://${EXTENSION_UUID}/`;
  return {
    browser,
    extensionId,
    extensionOrigin,
    downloadDir,
    async openExtensionPage(name, query = '') {
      const page = await browser.newPage();
      const search = query ? `?${query.replace(/^\?/, '')}` : '';
      await navigateAndWaitForLoad(page, `${extensionOrigin}${name}.html${search}`);
      return page;
    },
    async close() {
      await browser.close().catch(() => undefined);
      if (!options.downloadDir) rmSync(downloadDir, { recursive: true, force: true });
    },
  };
}
