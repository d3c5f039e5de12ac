import { describe, expect, it, vi } from 'vitest';
import { createMenus, handleMenuClick, MENU_FALLBACK_TITLES, MENU_IDS } from './context-menu';

describe('context menu', () => {
  it('creates the four items of ui.md with their contexts', async () => {
    const created: Array<{ id: string; title: string; contexts: string[] }> = [];
    await createMenus(
      { removeAll: async () => undefined, create: (item) => void created.push(item) },
      (id) => MENU_FALLBACK_TITLES[id],
    );
    expect(created.map((item) => [item.title, item.contexts])).toEqual([
      ['Download link with WebBITS', ['link']],
      ['Download link now with WebBITS', ['link']],
      ['Download media with WebBITS', ['image', 'audio', 'video']],
      ['Download all links with WebBITS…', ['page']],
    ]);
  });

  it('adds links at normal or foreground priority, media by its source, and opens the picker for a page', async () => {
    const actions = { addDownload: vi.fn(async () => undefined), openPicker: vi.fn(async () => undefined) };
    await handleMenuClick({ menuItemId: MENU_IDS.link, linkUrl: 'https://a.example/1.mp3' }, 3, actions);
    await handleMenuClick({ menuItemId: MENU_IDS.linkNow, linkUrl: 'https://a.example/2.mp3' }, 3, actions);
    await handleMenuClick({ menuItemId: MENU_IDS.media, srcUrl: 'https://a.example/v.mp4' }, 3, actions);
    await handleMenuClick({ menuItemId: MENU_IDS.pageLinks, pageUrl: 'https://a.example/' }, 3, actions);
    await handleMenuClick({ menuItemId: 'someone-else' }, 3, actions);
    expect(actions.addDownload.mock.calls).toEqual([
      [{ url: 'https://a.example/1.mp3', priority: 'normal' }],
      [{ url: 'https://a.example/2.mp3', priority: 'foreground' }],
      [{ url: 'https://a.example/v.mp4', priority: 'normal' }],
    ]);
    expect(actions.openPicker).toHaveBeenCalledWith(3);
  });

  it("passes the page's URL (or the frame's) as the download's referrer", async () => {
    const actions = { addDownload: vi.fn(async () => undefined), openPicker: vi.fn(async () => undefined) };
    const page = 'https://files.example/list?page=2#files';
    await handleMenuClick(
      { menuItemId: MENU_IDS.link, linkUrl: 'https://files.example/a.zip', pageUrl: page },
      3,
      actions,
    );
    await handleMenuClick(
      {
        menuItemId: MENU_IDS.link,
        linkUrl: 'https://files.example/b.zip',
        pageUrl: 'https://blog.example/',
        frameUrl: 'https://files.example/embed',
      },
      3,
      actions,
    );
    await handleMenuClick(
      { menuItemId: MENU_IDS.media, srcUrl: 'https://cdn.example/v.mp4', pageUrl: page },
      3,
      actions,
    );
    expect(actions.addDownload.mock.calls).toEqual([
      [
        {
          url: 'https://files.example/a.zip',
          priority: 'normal',
          referrer: 'https://files.example/list?page=2',
        },
      ],
      [{ url: 'https://files.example/b.zip', priority: 'normal', referrer: 'https://files.example/embed' }],
      [{ url: 'https://cdn.example/v.mp4', priority: 'normal', referrer: 'https://files.example/' }],
    ]);
  });
});
