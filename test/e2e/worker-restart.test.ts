/**
 * Chrome stops the service worker whenever it likes; a transfer must survive it. The worker is
 * stopped twice mid-transfer (CDP ServiceWorker.stopWorker, as build-and-test.md describes); the
 * file still lands with the right bytes, and each stop costs at most one chunk per connection.
 */
import { expect, it } from 'vitest';
import { useServerAndExtension } from './server-and-extension';
import { savedFilePath, sha256File, waitForFile } from './harness';

const MiB = 1 << 20;
const SIZE = 24 * MiB;
const CONNECTIONS = 4;

const env = useServerAndExtension();

it('completes after the worker is stopped twice mid-transfer, re-fetching at most a chunk per connection per stop', async () => {
  const file = env.server.addFile('/big/video.mp4', { size: SIZE, contentType: 'video/mp4' });
  // About 6 s in all over 4 connections: slow enough to stop the worker twice on the way.
  env.server.setThrottle(MiB, '/big/video.mp4');
  await env.ext.api('setSettings', { connectionsPerFile: CONNECTIONS });
  const added = await env.ext.api('addDownload', { url: file.url });

  for (const fraction of [0.25, 0.6]) {
    await env.ext.waitForJobState((j) => j.id === added.id && j.progress.bytesTransferred >= SIZE * fraction);
    const resumed = env.server.waitForRequest('/big/video.mp4');
    await env.ext.stopServiceWorker();
    // A message wakes the worker, as opening the popup would (the heartbeat alarm would, within 30 s).
    await env.ext.api('listJobs');
    // The transfer really broke off: the restarted worker asks for the rest with new requests.
    expect((await resumed).range).toMatch(/^bytes=[1-9]\d*-/);
  }
  const job = await env.ext.waitForJobState((j) => j.id === added.id && j.state === 'ACKNOWLEDGED');

  expect(await sha256File(await waitForFile(savedFilePath(env.ext, job)))).toBe(await file.sha256());
  const refetched = env.server.stats.byPath.get('/big/video.mp4')?.bodyBytesSent ?? 0;
  expect(refetched - SIZE).toBeLessThanOrEqual(2 * CONNECTIONS * MiB);
});
