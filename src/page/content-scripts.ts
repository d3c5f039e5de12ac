/**
 * The page API's content script, for the extension build and both manifests: `page.js`,
 * `window.webbits` and `external.DownloadManager` in the page's own world (MAIN), at
 * document_start in every http(s) frame, so the surfaces exist before the page's own scripts run.
 * There is no isolated-world script: a page reaches the extension through the bridge frame it
 * makes on its first call (src/page/bridge-frame.ts), so a page that never calls costs no extra
 * world, frame or round trip. Frames without an http(s) URL (about:blank, srcdoc, data:) get
 * nothing: they have no origin the API could serve. `world: "MAIN"` needs Chrome 111+ and
 * Firefox 128+.
 */
export const PAGE_API_SCRIPTS = [
  { entry: 'src/page/index.ts', file: 'page.js' },
  { entry: 'src/firefox-base/index.ts', file: 'firefox-base.js' },
] as const;

const MATCHES = ['http://*/*', 'https://*/*'];

export const PAGE_API_CONTENT_SCRIPTS = [
  { matches: MATCHES, js: ['page.js'], run_at: 'document_start', all_frames: true, world: 'MAIN' },
];

/**
 * Firefox hides page.js's own URL from it and gives each profile its own `moz-extension://<uuid>`,
 * so there a tiny isolated-world script tells page.js where the bridge is (src/page/announced-base.ts).
 */
export const PAGE_API_FIREFOX_CONTENT_SCRIPTS = [
  { matches: MATCHES, js: ['firefox-base.js'], run_at: 'document_start', all_frames: true },
  ...PAGE_API_CONTENT_SCRIPTS,
];

/** The bridge page, framed by http(s) pages (web_accessible_resources). */
export const PAGE_API_WEB_RESOURCES = [{ resources: ['bridge.html'], matches: MATCHES }];
