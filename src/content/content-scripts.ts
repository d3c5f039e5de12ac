/**
 * The two content scripts of the page API, for the extension build and both manifests:
 *
 * - `content.js`: the relay, in the extension's isolated world;
 * - `page.js`: `window.webbits` and `external.DownloadManager`, in the page's own world (MAIN).
 *
 * Both run at document_start in every http(s) frame, so the surfaces exist before the page's own
 * scripts run. Order does not matter: the handshake works whichever runs first. Frames without an
 * http(s) URL (about:blank, srcdoc, data:) get neither: they have no origin the API could serve.
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
