/**
 * The context menu (ui.md). Items are created on install and at browser start; clicks go through
 * `handleMenuClick`, which the background registers on contextMenus.onClicked (and which the
 * end-to-end tests call directly in the worker, since headless Chromium cannot open a menu).
 */
import type { LinkCandidate } from '../shared/background-api';
import type { Priority } from '../engine/types';
import { referrerFor } from './referrer';

export const MENU_IDS = {
  link: 'webbits-download-link',
  linkNow: 'webbits-download-link-now',
  media: 'webbits-download-media',
  pageLinks: 'webbits-download-page-links',
} as const;

/** Locale message names of the titles, English text in public/_locales/en/messages.json. */
export const MENU_TITLE_MESSAGES = {
  [MENU_IDS.link]: 'menuDownloadLink',
  [MENU_IDS.linkNow]: 'menuDownloadLinkNow',
  [MENU_IDS.media]: 'menuDownloadMedia',
  [MENU_IDS.pageLinks]: 'menuDownloadAllLinks',
} as const;

export const MENU_FALLBACK_TITLES = {
  [MENU_IDS.link]: 'Download link with WebBITS',
  [MENU_IDS.linkNow]: 'Download link now with WebBITS',
  [MENU_IDS.media]: 'Download media with WebBITS',
  [MENU_IDS.pageLinks]: 'Download all links with WebBITS…',
} as const;

type MenuId = (typeof MENU_IDS)[keyof typeof MENU_IDS];
type MenuContext = 'link' | 'image' | 'audio' | 'video' | 'page';

export const MENU_ITEMS: ReadonlyArray<{ id: MenuId; contexts: MenuContext[] }> = [
  { id: MENU_IDS.link, contexts: ['link'] },
  { id: MENU_IDS.linkNow, contexts: ['link'] },
  { id: MENU_IDS.media, contexts: ['image', 'audio', 'video'] },
  { id: MENU_IDS.pageLinks, contexts: ['page'] },
];

export interface MenusPort {
  removeAll(): Promise<void>;
  create(properties: { id: string; title: string; contexts: MenuContext[] }): void;
}

export async function createMenus(menus: MenusPort, title: (id: MenuId) => string): Promise<void> {
  await menus.removeAll();
  for (const item of MENU_ITEMS)
    menus.create({ id: item.id, title: title(item.id), contexts: item.contexts });
}

export interface MenuClickInfo {
  menuItemId: string | number;
  linkUrl?: string;
  srcUrl?: string;
  pageUrl?: string;
  /** The frame the link is in, when it is not the top page: the document that holds the link. */
  frameUrl?: string;
}

export interface MenuActions {
  addDownload(input: { url: string; priority: Priority; referrer?: string }): Promise<unknown>;
  /** Collects the tab's links and opens the picker for them. */
  openPicker(tabId: number): Promise<void>;
}

export async function handleMenuClick(
  info: MenuClickInfo,
  tabId: number | undefined,
  actions: MenuActions,
): Promise<void> {
  // The Referer the browser's own download of the link would carry (job-model.md, "Credentials").
  const add = (url: string | undefined, priority: Priority) => {
    if (!url) return undefined;
    const referrer = referrerFor(info.frameUrl ?? info.pageUrl, url);
    return actions.addDownload(referrer ? { url, priority, referrer } : { url, priority });
  };
  switch (info.menuItemId) {
    case MENU_IDS.link:
      await add(info.linkUrl, 'normal');
      return;
    case MENU_IDS.linkNow:
      await add(info.linkUrl, 'foreground');
      return;
    case MENU_IDS.media:
      await add(info.srcUrl, 'normal');
      return;
    case MENU_IDS.pageLinks:
      if (tabId !== undefined) await actions.openPicker(tabId);
      return;
  }
}

export type { LinkCandidate };
