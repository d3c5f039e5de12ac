/**
 * The Firefox build in real Firefox ESR: with dist/firefox installed as a temporary add-on, a URL
 * typed into the popup's "Add download" form becomes a file in the download folder with the
 * server's exact bytes. Its background page fetches from 127.0.0.1 under the host permission
 * Firefox granted at install, and saves through a blob: URL.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../server/index';
import { firefoxPath, launchFirefoxWithExtension, type FirefoxSession } from './firefox-launch';
import { waitForSavedFile } from './firefox-saved-file';

const MiB = 1 << 20;
const firefox = firefoxPath();
if (!firefox) console.warn('Firefox smoke test skipped: neither firefox-esr nor firefox is installed');

describe.skipIf(!firefox)('Firefox: adding a download in the popup', () => {
  let server: TestServer;
  let session: FirefoxSession;

  beforeAll(async () => {
    server = await startTestServer();
    // WEBBITS_FIREFOX_EXTENSION_DIR: test another copy of the build (dist/firefox by default).
    session = await launchFirefoxWithExtension({
      extensionDir: process.env.WEBBITS_FIREFOX_EXTENSION_DIR || undefined,
    });
  });
  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  it('saves the file under its name with the right bytes', async () => {
    const size = 2 * MiB + 4_321;
    const file = server.addFile('/files/firefox-song.mp3', { size, contentType: 'audio/mpeg' });
    const popup = await session.openExtensionPage('popup');

    await popup.locator('::-p-aria([name="URL"][role="textbox"])').fill(file.url);
    await popup.locator('::-p-aria([name="Add"][role="button"])').click();

    const saved = await waitForSavedFile(join(session.downloadDir, 'firefox-song.mp3'), size);
    const sha256 = createHash('sha256').update(readFileSync(saved)).digest('hex');
    expect(sha256).toBe(await file.sha256());
    await popup.close();
  });
});
