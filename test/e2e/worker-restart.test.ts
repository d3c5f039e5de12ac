/**
 * Chrome stops the service worker whenever it likes; a transfer must survive it. The worker is
 * stopped twice mid-transfer (CDP ServiceWorker.stopWorker, as build-and-test.md describes); the
 * file still lands with the right bytes, and each stop costs at most one chunk per connection.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../server/index';
import { launchExtension, savedFilePath, sha256File, waitForFile, type ExtensionSession } from './harness';

const MiB = 1 << 20;
const SIZE = 24 * MiB;
const CONNECTIONS = 4;

let server: TestServer;
let ext: ExtensionSession;

beforeAll(async () => {
  server = await startTestServer();
  ext = await launchExtension();
});
afterAll(async () => {
  await ext?.close();
  await server?.close();
});

it('completes after the worker is stopped twice mid-transfer, re-fetching at most a chunk per connection per stop', async () => {
  const file = server.addFile('/big/video.mp4', { size: SIZE, contentType: 'video/mp4' });
  // About 6 s in all over 4 connections: slow enough to stop the worker twice on the way.
  server.setThrottle(MiB, '/big/video.mp4');
  await ext.api('setSettings', { connectionsPerFile: CONNECTIONS });
  const added = await ext.api('addDownload', { url: file.url });

  for (const fraction of [0.25, 0.6]) {
    await ext.waitForJobState((j) => j.id === added.id && j.progress.bytesTransferred >= SIZE * fraction);
    const resumed = server.waitForRequest('/big/video.mp4');
    await ext.stopServiceWorker();
    // A message wakes the worker, as opening the popup would (the heartbeat alarm would, within 30 s).
    await ext.api('listJobs');
    // The transfer really broke off: the restarted worker asks for the rest with new requests.
    expect((await resumed).range).toMatch(/^bytes=[1-9]\d*-/);
  }
  const job = await ext.waitForJobState((j) => j.id === added.id && j.state === 'ACKNOWLEDGED');

  expect(await sha256File(await waitForFile(savedFilePath(ext, job)))).toBe(await file.sha256());
  const refetched = server.stats.byPath.get('/big/video.mp4')?.bodyBytesSent ?? 0;
  expect(refetched - SIZE).toBeLessThanOrEqual(2 * CONNECTIONS * MiB);
});
