/**
 * The page API's content scripts, for the extension build and both manifests:
 *
 * - `content.js`: the relay, in the extension's isolated world (src/content/);
 * - `page.js`: `window.webbits` and `external.DownloadManager`, in the page's own world (MAIN).
 *
 * Both run at document_start in every http(s) frame, so the surfaces exist before the page's own
 * scripts run; order does not matter. A createJob that carries a Blob goes on from the relay to
 * the bridge frame (`bridge.html`, web-accessible), made on that call. Frames without an http(s) URL
 * (about:blank, srcdoc, data:) get nothing: they have no origin the API could serve.
 * `world: "MAIN"` needs Chrome 111+ and Firefox 128+.
 */
export const PAGE_API_SCRIPTS = [
  { entry: 'src/content/index.ts', file: 'content.js' },
  { entry: 'src/page/index.ts', file: 'page.js' },
] as const;

const MATCHES = ['http://*/*', 'https://*/*'];

export const PAGE_API_CONTENT_SCRIPTS = [
  { matches: MATCHES, js: ['content.js'], run_at: 'document_start', all_frames: true },
  { matches: MATCHES, js: ['page.js'], run_at: 'document_start', all_frames: true, world: 'MAIN' },
];

/** The bridge page, framed by http(s) pages (web_accessible_resources). */
export const PAGE_API_WEB_RESOURCES = [{ resources: ['bridge.html'], matches: MATCHES }];
