/**
 * The Firefox build in real Firefox ESR: with dist/firefox installed as a temporary add-on, a URL
 * typed into the popup's "Add download" form becomes a file in the download folder with the
 * server's exact bytes; its background page fetches and saves through a blob: URL. A server that
 * sends no CORS headers (most download servers) works too: that needs the host permission, which
 * Firefox grants at install for MV3 host_permissions (without it, such a fetch fails).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { expectedBytes, expectedSha256, startTestServer, type TestServer } from '../server/index';
import { firefoxPath, launchFirefoxWithExtension, type FirefoxSession } from './firefox-launch';
import { waitForSavedFile } from './firefox-saved-file';

const MiB = 1 << 20;
const firefox = firefoxPath();
if (!firefox) console.warn('Firefox smoke test skipped: neither firefox-esr nor firefox is installed');

async function addInPopup(popup: Page, url: string): Promise<void> {
  await popup.locator('::-p-aria([name="URL"][role="textbox"])').fill(url);
  await popup.locator('::-p-aria([name="Add"][role="button"])').click();
}

function sha256Of(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

describe.skipIf(!firefox)('Firefox: adding a download in the popup', () => {
  let server: TestServer;
  let session: FirefoxSession;
  let popup: Page;

  beforeAll(async () => {
    server = await startTestServer();
    // WEBBITS_FIREFOX_EXTENSION_DIR: test another copy of the build (dist/firefox by default).
    session = await launchFirefoxWithExtension({
      extensionDir: process.env.WEBBITS_FIREFOX_EXTENSION_DIR || undefined,
    });
    popup = await session.openExtensionPage('popup');
  });
  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  it('saves the file under its name with the right bytes', async () => {
    const size = 2 * MiB + 4_321;
    const file = server.addFile('/files/firefox-song.mp3', { size, contentType: 'audio/mpeg' });
    await addInPopup(popup, file.url);

    const saved = await waitForSavedFile(join(session.downloadDir, 'firefox-song.mp3'), size);
    expect(sha256Of(saved)).toBe(await file.sha256());
  });

  it('downloads from a server that sends no CORS headers', async () => {
    const spec = { size: 300_000, seed: 1_953 };
    server.addRoute('/plain/no-cors.bin', (req, res) => {
      // The test server adds CORS headers to every response; a plain download server sends none.
      for (const name of res.getHeaderNames()) if (name.startsWith('access-control-')) res.removeHeader(name);
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(spec.size) });
      res.end(req.method === 'HEAD' ? undefined : expectedBytes(spec));
    });
    await addInPopup(popup, server.url('/plain/no-cors.bin'));

    const saved = await waitForSavedFile(join(session.downloadDir, 'no-cors.bin'), spec.size);
    expect(sha256Of(saved)).toBe(await expectedSha256(spec));
  });
});
