/**
 * The context menu, end to end. Headless Chromium cannot open a context menu, so the tests call
 * the very function the background registers on contextMenus.onClicked, which the worker also
 * exposes as `self.webbitsMenuClick(info, tab)`, with the OnClickData Chromium would pass.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startTestServer, type FileHandle, type TestServer } from '../server/index';
import { launchExtension, savedFilePath, sha256File, waitForFile, type ExtensionSession } from './harness';

let server: TestServer;
let ext: ExtensionSession;
let page: Page;
const files = new Map<string, FileHandle>();

const links = [
  { path: '/music/track-01.mp3', text: 'Track one' },
  { path: '/music/track-02.mp3', text: 'Track two' },
  { path: '/docs/readme.txt', text: 'Read me' },
];

beforeAll(async () => {
  server = await startTestServer();
  for (const [i, link] of links.entries()) {
    files.set(link.path, server.addFile(link.path, { size: 700_000 + i * 1000, contentType: 'audio/mpeg' }));
  }
  server.addRoute('/shop.html', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(
      `<!doctype html><title>Shop</title>${links.map((l) => `<p><a href="${l.path}">${l.text}</a></p>`).join('')}`,
    );
  });
  ext = await launchExtension();
  page = await ext.context.newPage();
  await page.goto(server.url('/shop.html'));
});
afterAll(async () => {
  await ext?.close();
  await server?.close();
});

async function clickMenu(menuItemId: string, extra: { linkUrl?: string; srcUrl?: string }): Promise<void> {
  const worker = await ext.serviceWorker();
  await worker.evaluate(
    async ({ menuItemId, extra, pageUrl }) => {
      const [tab] = await chrome.tabs.query({ url: pageUrl });
      const click = (self as unknown as { webbitsMenuClick: (info: object, tab?: object) => Promise<void> })
        .webbitsMenuClick;
      await click({ menuItemId, pageUrl, editable: false, modifiers: [], ...extra }, tab);
    },
    { menuItemId, extra, pageUrl: page.url() },
  );
}

it('"Download link with WebBITS" saves the link under its plain name', async () => {
  const linkUrl = server.url('/music/track-01.mp3');
  await clickMenu('webbits-download-link', { linkUrl });
  const job = await ext.waitForJobState((j) => j.files[0]?.url === linkUrl && j.state === 'ACKNOWLEDGED');
  expect(job.owner).toBe('user');
  expect(job.priority).toBe('normal');
  expect(job.files[0]?.localPath).toBe('track-01.mp3');
  const saved = await sha256File(await waitForFile(savedFilePath(ext, job)));
  expect(saved).toBe(await files.get('/music/track-01.mp3')?.sha256());
});

it('"Download link now with WebBITS" makes a foreground job', async () => {
  const linkUrl = server.url('/music/track-02.mp3');
  await clickMenu('webbits-download-link-now', { linkUrl });
  const job = await ext.waitForJobState((j) => j.files[0]?.url === linkUrl && j.state === 'ACKNOWLEDGED');
  expect(job.priority).toBe('foreground');
});

it('"Download all links with WebBITS…" opens the picker with the page\'s links', async () => {
  const pickerOpened = ext.context.waitForEvent('page', {
    predicate: (p) => p.url().includes('/picker.html?pickerId='),
  });
  await clickMenu('webbits-download-page-links', {});
  const picker = await pickerOpened;
  await picker.getByRole('textbox', { name: 'Filter' }).fill('readme');
  await picker.getByRole('checkbox', { name: 'Read me' }).check();
  await picker.getByRole('button', { name: 'Download selected' }).click();
  const readmeUrl = server.url('/docs/readme.txt');
  const job = await ext.waitForJobState((j) => j.files[0]?.url === readmeUrl && j.state === 'ACKNOWLEDGED');
  // Served as audio/mpeg: the name keeps its own extension all the same (the browser must not "fix" it).
  expect(job.files[0]?.localPath).toBe('readme.txt');
});
