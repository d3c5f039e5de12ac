/**
 * Where the origin private file system fails its self-test, the engine host keeps bytes as
 * IndexedDB chunk records (job-model.md, "Transfer rules"; platform-notes.md, "Storage"), under the
 * same resume rule. Chromium started with FileSystemAccessOriginPrivate disabled has no
 * `navigator.storage.getDirectory`, so the self-test fails for real.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../server/index';
import { chunkRecords, opfsNames } from './extension-storage';
import { launchExtension, savedFilePath, sha256File, waitForFile, type ExtensionSession } from './harness';
import { mostFetchedAgain } from './engine-host-hooks';

const MiB = 1 << 20;
const CONNECTIONS = 4;
const NO_OPFS = '--disable-blink-features=FileSystemAccessOriginPrivate';

let server: TestServer;
let ext: ExtensionSession;
let folders: string[] = [];

beforeAll(async () => {
  server = await startTestServer();
  ext = await launchExtension({ extraArgs: [NO_OPFS] });
  folders = [ext.userDataDir, ext.downloadDir];
  await ext.api('setSettings', { connectionsPerFile: CONNECTIONS });
});

afterAll(async () => {
  await ext?.close();
  await server?.close();
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

it('runs on IndexedDB chunk records when the origin private file system is missing', async () => {
  expect(await opfsNames(ext)).toBeNull();
  expect(await ext.api('getStatus')).toEqual({ storage: 'chunks' });

  const size = 6 * MiB;
  const path = '/fallback/episode.mp4';
  const file = server.addFile(path, { size, contentType: 'video/mp4' });
  server.setThrottle(MiB, path);
  const added = await ext.api('addDownload', { url: file.url });
  const stored = await ext.waitForJobState(
    (j) => j.id === added.id && j.progress.bytesTransferred >= size / 2,
  );
  expect(stored.state).toBe('TRANSFERRING');
  expect((await chunkRecords(ext)).count).toBeGreaterThan(0);
  expect(server.stats.maxConcurrent).toBe(CONNECTIONS);

  const job = await ext.waitForJobState((j) => j.id === added.id && j.state === 'ACKNOWLEDGED');
  expect(await sha256File(await waitForFile(savedFilePath(ext, job)))).toBe(await file.sha256());
  await expect.poll(() => chunkRecords(ext)).toEqual({ count: 0, bytes: 0 });
});

it('resumes from its chunk records after a browser restart, fetching again at most 1 MiB per connection', async () => {
  const size = 16 * MiB;
  const path = '/fallback/season.zip';
  const file = server.addFile(path, { size, contentType: 'application/zip' });
  server.setThrottle(MiB, path);
  const added = await ext.api('addDownload', { url: file.url });
  await expect
    .poll(async () => (await chunkRecords(ext)).bytes, { timeout: 60_000, interval: 200 })
    .toBeGreaterThanOrEqual(size * 0.4);

  const resumed = server.waitForRequest(path, (r) => r.range !== null && !r.range.startsWith('bytes=0-'));
  ext = await ext.relaunch();
  expect(await ext.api('getStatus')).toEqual({ storage: 'chunks' });
  expect((await resumed).range).toMatch(/^bytes=[1-9]\d*-/);

  server.setThrottle(null, path);
  const job = await ext.waitForJobState((j) => j.id === added.id && j.state === 'ACKNOWLEDGED');
  expect(await sha256File(await waitForFile(savedFilePath(ext, job)))).toBe(await file.sha256());
  const sent = server.stats.byPath.get(path)?.bodyBytesSent ?? 0;
  console.log(`fallback store: ${sent - size} bytes fetched again after the restart`);
  expect(sent - size).toBeLessThanOrEqual(mostFetchedAgain(CONNECTIONS));
  await expect.poll(() => chunkRecords(ext)).toEqual({ count: 0, bytes: 0 });
});
