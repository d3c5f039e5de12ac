/**
 * Chrome stops the service worker whenever it likes; with the engine in its own host (a worker of
 * the offscreen document) a stop interrupts nothing (job-model.md, "Transfer rules"). The service
 * worker is stopped three times mid-transfer (CDP ServiceWorker.stopWorker, build-and-test.md) and
 * woken again each time; the host's document is the same one throughout, the server sends the
 * file's bytes once, and the saved file is right.
 *
 * Over one connection "once" is exact: one request, the file's size. Over four, the probe
 * (`Range: bytes=0-`) is cut where the first split begins, and what the server had flushed by then
 * (a pacing slice or so) counts as sent though nobody reads it: a broken-off transfer would
 * instead fetch each connection's unrecorded tail again, up to 1 MiB each per stop.
 */
import { describe, expect, it } from 'vitest';
import { useServerAndExtension } from './server-and-extension';
import { savedFilePath, sha256File, waitForFile } from './harness';
import { bytesSent, listBackingFiles, offscreenDocuments, ofJob } from './engine-host-hooks';

const MiB = 1 << 20;
const SIZE = 24 * MiB;

/** Three stops at 20, 40 and 60 %; after each, the woken worker sees the job still running there. */
async function stopThreeTimes(env: ReturnType<typeof useServerAndExtension>, jobId: string): Promise<void> {
  const [host] = await offscreenDocuments(env.ext);
  expect(host).toBeDefined();
  for (const fraction of [0.2, 0.4, 0.6]) {
    await env.ext.waitForJobState((j) => j.id === jobId && j.progress.bytesTransferred >= SIZE * fraction);
    await env.ext.stopServiceWorker();
    // A message wakes the worker, as opening the popup would; the host's own events would too.
    const job = (await env.ext.api('listJobs')).find((j) => j.id === jobId);
    // The restarted worker took the host's snapshot: the transfer still runs there, in the same
    // document, on the same backing file.
    expect(job?.state).toBe('TRANSFERRING');
    expect(await offscreenDocuments(env.ext)).toEqual([host]);
    expect(ofJob(await listBackingFiles(env.ext), jobId)).toEqual([`${jobId}-0.part`]);
  }
}

describe('service worker stopped mid-transfer', () => {
  const env = useServerAndExtension();

  it('over one connection: one request, the file sent exactly once, the file right', async () => {
    const path = '/one/video.mp4';
    const file = env.server.addFile(path, { size: SIZE, contentType: 'video/mp4' });
    // About 8 s: time for three stops on the way.
    env.server.setThrottle(3 * MiB, path);
    await env.ext.api('setSettings', { connectionsPerFile: 1 });
    const added = await env.ext.api('addDownload', { url: file.url });

    await stopThreeTimes(env, added.id);
    const job = await env.ext.waitForJobState((j) => j.id === added.id && j.state === 'ACKNOWLEDGED');

    expect(await sha256File(await waitForFile(savedFilePath(env.ext, job)))).toBe(await file.sha256());
    expect(env.server.stats.log.filter((entry) => entry.path === path).map((entry) => entry.range)).toEqual([
      'bytes=0-',
    ]);
    expect(bytesSent(env.server, path)).toBe(SIZE);
  });

  it('over four connections: nothing fetched again, only the cut probe in flight, the file right', async () => {
    const path = '/four/video.mp4';
    const file = env.server.addFile(path, { size: SIZE, contentType: 'video/mp4' });
    // About 6 s over 4 connections.
    env.server.setThrottle(MiB, path);
    await env.ext.api('setSettings', { connectionsPerFile: 4 });
    const added = await env.ext.api('addDownload', { url: file.url });

    await stopThreeTimes(env, added.id);
    const job = await env.ext.waitForJobState((j) => j.id === added.id && j.state === 'ACKNOWLEDGED');

    expect(await sha256File(await waitForFile(savedFilePath(env.ext, job)))).toBe(await file.sha256());
    const extra = bytesSent(env.server, path) - SIZE;
    console.info(`worker-restart, 4 connections: ${extra} bytes sent beyond the size`);
    expect(extra).toBeGreaterThanOrEqual(0);
    // A transfer broken off by any of the 12 connection-stops would fetch its unrecorded tail again.
    expect(extra).toBeLessThan(256 * 1024);
  });
});
