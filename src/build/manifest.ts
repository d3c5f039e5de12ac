/**
 * One manifest source (manifest.json at the repository root), two outputs: Chrome's MV3 service
 * worker with the offscreen document, and Firefox's background page with its gecko id.
 */
export type BrowserTarget = 'chrome' | 'firefox';

export const FIREFOX_ID = 'webbits@webbits.dev';
/** 140: `data_collection_permissions` (and MAIN-world content scripts, 128+). */
export const FIREFOX_MIN_VERSION = '140.0';
export const FIREFOX_ANDROID_MIN_VERSION = '142.0';
export const BACKGROUND_SCRIPT = 'background.js';

type Manifest = Record<string, unknown> & { permissions?: string[] };

export interface ManifestExtras {
  version: string;
  /** Content scripts built as IIFE files (the page API bridge), declared by the caller. */
  contentScripts?: Array<{
    matches: string[];
    js: string[];
    run_at?: string;
    all_frames?: boolean;
    world?: string;
  }>;
  /** Extension pages that web pages may frame (the page API's bridge). */
  webAccessibleResources?: Array<{ resources: string[]; matches: string[] }>;
}

export function browserManifest(base: Manifest, target: BrowserTarget, extras: ManifestExtras): Manifest {
  const permissions = [...(base.permissions ?? [])];
  const manifest: Manifest = { ...base, version: extras.version };
  if (target === 'chrome') {
    manifest.background = { service_worker: BACKGROUND_SCRIPT };
    manifest.permissions = [...permissions, 'offscreen'];
  } else {
    manifest.background = { scripts: [BACKGROUND_SCRIPT] };
    // Firefox has no power API. `contextMenus` stays: with it Firefox exposes browser.contextMenus.
    manifest.permissions = permissions.filter((name) => name !== 'power');
    manifest.browser_specific_settings = {
      // WebBITS sends nothing anywhere: files go from the site to the person's disk.
      gecko: {
        id: FIREFOX_ID,
        strict_min_version: FIREFOX_MIN_VERSION,
        data_collection_permissions: { required: ['none'] },
      },
      gecko_android: { strict_min_version: FIREFOX_ANDROID_MIN_VERSION },
    };
  }
  if (extras.contentScripts && extras.contentScripts.length > 0)
    manifest.content_scripts = extras.contentScripts;
  if (extras.webAccessibleResources && extras.webAccessibleResources.length > 0)
    manifest.web_accessible_resources = extras.webAccessibleResources;
  return manifest;
}
