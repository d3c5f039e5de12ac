/**
 * Storage quota exhausted (job-model.md, error table): backing-file writes fail with
 * QuotaExceededError past a budget set through the host's test hook. The job goes to ERROR
 * BG_E_DISK_FULL keeping what it stored; once space is back, `resume()` goes on from the stored
 * bytes, fetching again at most the unrecorded tail of each connection, and saves the right file.
 */
import { expect, it } from 'vitest';
import { useServerAndExtension } from './server-and-extension';
import { savedFilePath, sha256File, waitForFile } from './harness';
import { bytesSent, hostCall, listBackingFiles, mostFetchedAgain, ofJob } from './engine-host-hooks';

const MiB = 1 << 20;
const SIZE = 16 * MiB;
const CONNECTIONS = 4;
const PATH = '/quota/full.bin';

const env = useServerAndExtension();

it('goes to ERROR BG_E_DISK_FULL keeping its bytes, and resume() completes once space is back', async () => {
  const file = env.server.addFile(PATH, { size: SIZE });
  env.server.setThrottle(MiB, PATH);
  await env.ext.api('setSettings', { connectionsPerFile: CONNECTIONS });
  const added = await env.ext.api('addDownload', { url: file.url });
  const running = await env.ext.waitForJobState(
    (j) => j.id === added.id && j.progress.bytesTransferred >= SIZE * 0.25,
  );
  // Two more chunks fit; the next write fails as on a full disk.
  await hostCall(env.ext, 'setWriteQuota', { bytes: 2 * MiB });

  const failed = await env.ext.waitForJobState((j) => j.id === added.id && j.state === 'ERROR');
  expect(failed.error?.code).toBe('BG_E_DISK_FULL');
  expect(failed.error).toMatchObject({ context: 'local-file', fileIndex: 0, hresult: 0x80070070 });
  // Nothing already stored is lost: the bytes it had before the quota hit are still counted, and
  // the backing file is still there.
  expect(failed.progress.bytesTransferred).toBeGreaterThanOrEqual(running.progress.bytesTransferred);
  expect(failed.progress.bytesTransferred).toBeLessThan(SIZE);
  expect(ofJob(await listBackingFiles(env.ext), added.id)).toEqual([`${added.id}-0.part`]);
  const sentAtError = bytesSent(env.server, PATH);

  await hostCall(env.ext, 'setWriteQuota', { bytes: null });
  const resumedRequest = env.server.waitForRequest(PATH);
  const resumed = await env.ext.api('resume', { id: added.id });
  expect(['QUEUED', 'CONNECTING', 'TRANSFERRING']).toContain(resumed.state);
  expect(resumed.error).toBeNull();
  // It goes on from the stored bytes, not from 0.
  expect((await resumedRequest).range).toMatch(/^bytes=[1-9]\d*-\d+$/);

  const job = await env.ext.waitForJobState((j) => j.id === added.id && j.state === 'ACKNOWLEDGED');
  expect(await sha256File(await waitForFile(savedFilePath(env.ext, job)))).toBe(await file.sha256());
  const refetched = bytesSent(env.server, PATH) - SIZE;
  console.info(
    `disk-full: ${refetched} bytes fetched again (${sentAtError} sent before the error, ${failed.progress.bytesTransferred} counted by the job)`,
  );
  expect(refetched).toBeLessThanOrEqual(mostFetchedAgain(CONNECTIONS));
  expect(
    env.server.stats.log.filter((entry) => entry.path === PATH && entry.range === 'bytes=0-'),
  ).toHaveLength(1);
});
