/**
 * The extension build, as a Vite plugin: the pages (popup, options, consent, picker, offscreen) are
 * the main build's HTML entries, moved to the root of dist/chrome; when that build closes, the
 * background script and the content scripts are built as self-contained IIFE files (a classic
 * script works as Chrome's service worker and as Firefox's background page), then the two
 * manifests are written, dist/firefox is copied from dist/chrome, and both are zipped.
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, resolve } from 'node:path';
import { build, type Plugin } from 'vite';
import { BACKGROUND_SCRIPT, browserManifest, type BrowserTarget, type ManifestExtras } from './manifest.js';
import { zipDirectory } from './zip.js';
import { FLUSH_WORKER_SCRIPT } from '../engine-host/flush-messages.js';
import { HOST_WORKER_SCRIPT } from '../engine-host/start-host-worker.js';
import {
  PAGE_API_CONTENT_SCRIPTS,
  PAGE_API_SCRIPTS,
  PAGE_API_WEB_RESOURCES,
} from '../page/content-scripts.js';

export const ROOT = resolve(import.meta.dirname, '../..');
export const DIST = resolve(ROOT, 'dist');
export const CHROME_DIR = resolve(DIST, 'chrome');
export const FIREFOX_DIR = resolve(DIST, 'firefox');

/** Extension pages: `src/<name>/<name>.html`, saved as `<name>.html` at the extension's root. */
export const PAGE_NAMES = ['popup', 'options', 'consent', 'picker', 'offscreen'] as const;
/** Pages only Chrome needs. */
const CHROME_ONLY_FILES = ['offscreen.html'];

/**
 * Content scripts: IIFE entries, one file each at the root of the extension, and their manifest
 * declarations (the page API's page-world surfaces, src/page/content-scripts.ts).
 */
export const CONTENT_SCRIPTS: ReadonlyArray<{ entry: string; file: string }> = PAGE_API_SCRIPTS;
const CONTENT_SCRIPT_DECLARATIONS: NonNullable<ManifestExtras['contentScripts']> = PAGE_API_CONTENT_SCRIPTS;

export function pageInputs(): Record<string, string> {
  const inputs: Record<string, string> = {};
  for (const name of PAGE_NAMES) {
    const path = resolve(ROOT, `src/${name}/${name}.html`);
    if (existsSync(path)) inputs[name] = path;
    else console.warn(`webbits build: ${path} is missing; ${name}.html is left out`);
  }
  return inputs;
}

/** Content scripts load on every page: they are minified and must stay within this budget. */
export const CONTENT_SCRIPT_BUDGET_BYTES = 10 * 1024;

async function buildScript(entry: string, fileName: string, name: string, minify = false): Promise<void> {
  await build({
    configFile: false,
    logLevel: 'warn',
    publicDir: false,
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: {
      outDir: CHROME_DIR,
      emptyOutDir: false,
      copyPublicDir: false,
      minify,
      sourcemap: false,
      lib: { entry: resolve(ROOT, entry), formats: ['iife'], name, fileName: () => fileName },
    },
  });
}

/** src/popup/popup.html → popup.html: asset URLs are absolute (/assets/…), so they still resolve. */
/** Prints the size of a content script and fails the build when it is over budget. */
function reportContentScriptSize(file: string): void {
  const bytes = statSync(resolve(CHROME_DIR, file)).size;
  const verdict = bytes <= CONTENT_SCRIPT_BUDGET_BYTES ? 'within' : 'OVER';
  console.log(
    `webbits build: ${file} ${(bytes / 1024).toFixed(1)} KB minified (${verdict} the 10 KB budget)`,
  );
  if (bytes > CONTENT_SCRIPT_BUDGET_BYTES) throw new Error(`${file} is over the content-script budget`);
}

/**
 * The page API's bridge (src/bridge/): a page frames it on its first call, and that call waits for
 * it to load, so it is one classic script with nothing else to fetch (no module graph, no shared
 * chunks), written with its page here rather than built as a Vite page.
 */
const BRIDGE_SCRIPT = { entry: 'src/bridge/main.ts', file: 'bridge.js' };
const BRIDGE_HTML =
  '<!doctype html><meta charset="utf-8"><title>WebBITS bridge</title><script src="bridge.js"></script>\n';

function movePagesToRoot(): void {
  for (const name of PAGE_NAMES) {
    const built = resolve(CHROME_DIR, `src/${name}/${name}.html`);
    if (existsSync(built)) renameSync(built, resolve(CHROME_DIR, `${name}.html`));
  }
  rmSync(resolve(CHROME_DIR, 'src'), { recursive: true, force: true });
}

function writeManifest(dir: string, target: BrowserTarget): void {
  const base = JSON.parse(readFileSync(resolve(ROOT, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  const { version } = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { version: string };
  const manifest = browserManifest(base, target, {
    version,
    contentScripts: CONTENT_SCRIPT_DECLARATIONS,
    webAccessibleResources: PAGE_API_WEB_RESOURCES,
  });
  writeFileSync(resolve(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

export function extensionBuild(): Plugin {
  return {
    name: 'webbits-extension',
    apply: 'build',
    buildStart() {
      rmSync(FIREFOX_DIR, { recursive: true, force: true });
      for (const zip of ['webbits-chrome.zip', 'webbits-firefox.zip'])
        rmSync(resolve(DIST, zip), { force: true });
    },
    async closeBundle() {
      movePagesToRoot();
      await buildScript('src/background/main.ts', BACKGROUND_SCRIPT, 'WebBitsBackground');
      await buildScript('src/engine-host/worker.ts', HOST_WORKER_SCRIPT, 'WebBitsEngineHost');
      await buildScript('src/engine-host/flush-worker.ts', FLUSH_WORKER_SCRIPT, 'WebBitsFlushWorker');
      await buildScript(BRIDGE_SCRIPT.entry, BRIDGE_SCRIPT.file, 'WebBitsBridge', true);
      reportContentScriptSize(BRIDGE_SCRIPT.file);
      writeFileSync(resolve(CHROME_DIR, 'bridge.html'), BRIDGE_HTML);
      for (const script of CONTENT_SCRIPTS) {
        await buildScript(script.entry, script.file, 'WebBitsContent', true);
        reportContentScriptSize(script.file);
      }
      writeManifest(CHROME_DIR, 'chrome');
      mkdirSync(FIREFOX_DIR, { recursive: true });
      cpSync(CHROME_DIR, FIREFOX_DIR, {
        recursive: true,
        filter: (source) => !CHROME_ONLY_FILES.includes(basename(source)),
      });
      writeManifest(FIREFOX_DIR, 'firefox');
      zipDirectory(CHROME_DIR, resolve(DIST, 'webbits-chrome.zip'));
      zipDirectory(FIREFOX_DIR, resolve(DIST, 'webbits-firefox.zip'));
    },
  };
}
