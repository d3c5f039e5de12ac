/**
 * An update of WebBITS arrives while a download runs. The previous release (previous-build.ts)
 * kept every byte as IndexedDB chunk records; this build keeps them in backing files in the origin
 * private file system and, at its first start, moves the chunk records there (src/store/move-chunks.ts).
 *
 * Both builds are loaded from one folder, so they have one extension id and share the profile's
 * data, as an update from the store would: the old build is copied there, downloads part of a file
 * and the browser closes; the folder then gets this build and the browser starts again.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../server/index';
import { chunkRecords, opfsNames } from './extension-storage';
import {
  DIST_CHROME,
  launchExtension,
  savedFilePath,
  sha256File,
  waitForFile,
  type ExtensionSession,
} from './harness';
import { mostFetchedAgain } from './engine-host-hooks';
import { previousBuild } from './previous-build';

const MiB = 1 << 20;
const SIZE = 16 * MiB;
const CONNECTIONS = 4;
const PATH = '/update/box-set.zip';

let server: TestServer;
let ext: ExtensionSession | undefined;
let scratch: string;

beforeAll(async () => {
  server = await startTestServer();
  scratch = mkdtempSync(join(tmpdir(), 'webbits-update-'));
});

afterAll(async () => {
  await ext?.close();
  await server?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** Replaces what the folder holds, as an update replaces the extension's files. */
function installInto(folder: string, build: string): void {
  rmSync(folder, { recursive: true, force: true });
  cpSync(build, folder, { recursive: true });
}

/**
 * An update from the store unregisters the old service worker and registers the new one. An
 * unpacked folder whose files change between two runs does not get that (measured here, Chromium
 * 156, with or without a higher manifest version): Chrome keeps starting the old background from its
 * script cache. Removing the profile's service worker registrations while the browser is closed does
 * what the update would; IndexedDB and the origin private file system are not touched.
 */
function forgetServiceWorkers(userDataDir: string): void {
  rmSync(join(userDataDir, 'Default', 'Service Worker'), { recursive: true, force: true });
}

it('someone updates WebBITS in the middle of a download keeps it', async () => {
  const oldBuild = previousBuild();
  const extensionDir = join(scratch, 'webbits');
  const folders = {
    extensionDir,
    userDataDir: join(scratch, 'profile'),
    downloadDir: join(scratch, 'downloads'),
  };

  mkdirSync(folders.downloadDir);
  installInto(extensionDir, oldBuild);
  ext = await launchExtension(folders);
  const oldId = ext.extensionId;
  await ext.api('setSettings', { connectionsPerFile: CONNECTIONS });
  const file = server.addFile(PATH, { size: SIZE, contentType: 'application/zip' });
  server.setThrottle(MiB, PATH);
  const added = await ext.api('addDownload', { url: file.url });
  await expect
    .poll(async () => (await chunkRecords(ext as ExtensionSession)).bytes, { timeout: 60_000, interval: 200 })
    .toBeGreaterThanOrEqual(SIZE * 0.4);
  const beforeUpdate = await chunkRecords(ext);
  expect(beforeUpdate.bytes).toBeLessThan(SIZE);
  await ext.close({ keepFiles: true });
  ext = undefined;

  installInto(extensionDir, DIST_CHROME);
  forgetServiceWorkers(folders.userDataDir);
  const resumed = server.waitForRequest(PATH);
  ext = await launchExtension(folders);
  expect(ext.extensionId).toBe(oldId);
  // Chrome may still be loading the updated build when the first message goes out ("Receiving end
  // does not exist"): ask until the background answers.
  const session = ext;
  await expect
    .poll(() => session.api('getStatus').catch((error: unknown) => String(error)), { timeout: 30_000 })
    .toEqual({ storage: 'opfs' });
  // It continues by itself, from where the old build's records say it was.
  expect((await resumed).range).toMatch(/^bytes=[1-9]\d*-/);

  server.setThrottle(null, PATH);
  const job = await ext.waitForJobState((j) => j.id === added.id && j.state === 'ACKNOWLEDGED');
  expect(await sha256File(await waitForFile(savedFilePath(ext, job)))).toBe(await file.sha256());
  const sent = server.stats.byPath.get(PATH)?.bodyBytesSent ?? 0;
  console.log(
    `update in place: ${beforeUpdate.bytes} bytes stored by the old build, ${sent - SIZE} bytes fetched again`,
  );
  expect(sent).toBeLessThanOrEqual(SIZE + mostFetchedAgain(CONNECTIONS));

  expect(await chunkRecords(ext)).toEqual({ count: 0, bytes: 0 });
  await expect.poll(() => opfsNames(ext as ExtensionSession)).toEqual([]);
});
