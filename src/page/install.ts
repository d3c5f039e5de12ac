/**
 * Installs both surfaces in the page's world. Nothing talks to the extension until the page uses
 * them: `webbits` on its first call or `jobchange` listener, `external.DownloadManager` on first
 * access (which asks for the mirror).
 */
import type { JobInfo } from '../engine/types';
import { PAGE_API_VERSION, type PagePush } from '../shared/page-protocol';
import { DownloadManager } from './download-manager';
import { offerPort } from './handshake';
import { Mirror } from './mirror';
import { createPortTransport, type PageTransport } from './transport';
import { WebBits } from './webbits';

export interface Installed {
  webbits: WebBits;
  downloadManager(): DownloadManager;
}

/** Wires the objects to a transport; separate from `install` so tests can hand in a fake one. */
export function createSurfaces(transport: PageTransport): Installed {
  const mirror = new Mirror();
  let subscribed: { events: boolean; mirror: boolean; done: Promise<unknown> } | null = null;
  const subscriber = {
    subscribe(withMirror: boolean): Promise<unknown> {
      if (subscribed && (subscribed.mirror || !withMirror)) return subscribed.done;
      const done = transport.request('subscribe', { mirror: withMirror || (subscribed?.mirror ?? false) });
      subscribed = { events: true, mirror: withMirror, done };
      return done;
    },
  };
  const webbits = new WebBits(transport, subscriber);
  transport.onPush((push: PagePush) => {
    mirror.apply(push);
    if (push.kind === 'jobchange') webbits.notify(push.job);
  });

  let manager: DownloadManager | null = null;
  return {
    webbits,
    downloadManager() {
      if (!manager) {
        const ready = subscriber.subscribe(true).then(
          (snapshot) => {
            const value = snapshot as { collections?: unknown; jobs?: JobInfo[] } | null;
            if (value && Array.isArray(value.collections) && Array.isArray(value.jobs)) {
              mirror.apply({ kind: 'mirror', collections: value.collections, jobs: value.jobs });
            }
          },
          // Without the extension's answer the mirror stays empty; the page still goes on.
          () => undefined,
        );
        manager = new DownloadManager(transport, mirror, ready);
      }
      return manager;
    },
  };
}

function markPresence(doc: Document): void {
  const mark = (root: HTMLElement): void => root.setAttribute('data-webbits', PAGE_API_VERSION);
  if (doc.documentElement) return mark(doc.documentElement);
  // At document_start the root element may not exist yet.
  const observer = new MutationObserver(() => {
    if (!doc.documentElement) return;
    observer.disconnect();
    mark(doc.documentElement);
  });
  observer.observe(doc, { childList: true });
}

export function install(win: Window & typeof globalThis): void {
  if ('webbits' in win) return; // injected twice (a frame re-using its window): keep the first
  const transport = createPortTransport(offerPort(win));
  const surfaces = createSurfaces(transport);
  Object.defineProperty(win, 'webbits', { value: surfaces.webbits, configurable: true, enumerable: false });

  let external = (win as { external?: object }).external;
  if (typeof external !== 'object' || external === null) {
    external = {};
    Object.defineProperty(win, 'external', { value: external, configurable: true });
  }
  Object.defineProperty(external, 'DownloadManager', {
    get: () => surfaces.downloadManager(),
    configurable: true,
    enumerable: true,
  });

  markPresence(win.document);
  // Dispatched once the document is parsed, so that a page's own early scripts can listen for it;
  // a page that runs later finds `window.webbits` already there.
  const announce = (): void => void win.dispatchEvent(new Event('webbits:ready'));
  if (win.document.readyState === 'loading')
    win.document.addEventListener('DOMContentLoaded', announce, { once: true });
  else announce();
}
