/**
 * Closing the browser mid-transfer and starting it again with the same profile: the download
 * continues by itself (no click, no page open) from its backing file, fetching again at most the
 * unrecorded tail of each connection (job-model.md, "Transfer rules": at most 1 MiB each), and
 * completes with the right bytes.
 */
import { expect, it } from 'vitest';
import { useServerAndExtension } from './server-and-extension';
import { savedFilePath, sha256File, waitForFile } from './harness';
import type { RequestLogEntry } from '../server/types';
import { bytesSent, listBackingFiles, listOpfs, mostFetchedAgain, ofJob } from './engine-host-hooks';

const MiB = 1 << 20;
const SIZE = 16 * MiB;
const CONNECTIONS = 4;
const PATH = '/restart/album.zip';

const env = useServerAndExtension();

it('continues after a browser restart without any click, from the backing file', async () => {
  const file = env.server.addFile(PATH, { size: SIZE, contentType: 'application/zip' });
  env.server.setThrottle(MiB, PATH);
  await env.ext.api('setSettings', { connectionsPerFile: CONNECTIONS });
  const added = await env.ext.api('addDownload', { url: file.url });
  const before = await env.ext.waitForJobState(
    (j) => j.id === added.id && j.progress.bytesTransferred >= SIZE * 0.3,
  );
  expect(before.state).toBe('TRANSFERRING');
  const part = `${added.id}-0.part`;
  expect(ofJob(await listOpfs(env.ext), added.id)).toEqual([part]);

  // The first request once the old browser is gone (its own requests go on until it closes).
  const resumedRequest = new Promise<RequestLogEntry>((resolve) =>
    env.ext.context.once('close', () => resolve(env.server.waitForRequest(PATH))),
  );
  // The server holds its bytes while the browser shuts down, so that the count below shows what
  // the extension had received but not recorded, not what was on the wire during the shutdown.
  env.server.setThrottle(0, PATH);
  env.ext = await env.ext.relaunch();
  env.server.setThrottle(MiB, PATH);
  // The background resumed on its own: the server sees a ranged request before any page is opened.
  const request = await resumedRequest;
  expect(request.range).toMatch(/^bytes=[1-9]\d*-\d+$/);
  // The records survived and the bytes are read from the same backing file.
  expect(ofJob(await listBackingFiles(env.ext), added.id)).toEqual([part]);
  const resumed = (await env.ext.api('listJobs')).find((j) => j.id === added.id);
  expect(resumed?.progress.bytesTransferred).toBeGreaterThan(0);

  const job = await env.ext.waitForJobState((j) => j.id === added.id && j.state === 'ACKNOWLEDGED');
  expect(await sha256File(await waitForFile(savedFilePath(env.ext, job)))).toBe(await file.sha256());
  const refetched = bytesSent(env.server, PATH) - SIZE;
  console.info(`browser-restart: ${refetched} bytes fetched again`);
  expect(refetched).toBeLessThanOrEqual(mostFetchedAgain(CONNECTIONS));
  // The first request of the restarted browser is not from 0: nothing stored was dropped.
  expect(
    env.server.stats.log.filter((entry) => entry.path === PATH && entry.range === 'bytes=0-'),
  ).toHaveLength(1);
});
