/**
 * Chrome may close an offscreen document (the original proposal says idle ones may be closed,
 * platform-notes.md). Closed mid-transfer from the service worker, the host's port to the service
 * worker drops, the service worker sees a job still needing the host and starts it again
 * (`checkHost`), and the new host resumes from the backing file: no call from a page, at most the
 * unrecorded tail of each connection fetched again, the right bytes saved.
 */
import { expect, it } from 'vitest';
import { useServerAndExtension } from './server-and-extension';
import { savedFilePath, sha256File, waitForFile } from './harness';
import {
  bytesSent,
  closeOffscreen,
  listBackingFiles,
  mostFetchedAgain,
  offscreenDocuments,
  ofJob,
} from './engine-host-hooks';

const MiB = 1 << 20;
const SIZE = 16 * MiB;
const CONNECTIONS = 4;
const PATH = '/offscreen/closed.bin';

const env = useServerAndExtension();

it('recovers by itself when the offscreen document is closed mid-transfer', async () => {
  const file = env.server.addFile(PATH, { size: SIZE });
  env.server.setThrottle(MiB, PATH);
  await env.ext.api('setSettings', { connectionsPerFile: CONNECTIONS });
  const added = await env.ext.api('addDownload', { url: file.url });
  await env.ext.waitForJobState((j) => j.id === added.id && j.progress.bytesTransferred >= SIZE * 0.3);
  const [first] = await offscreenDocuments(env.ext);
  expect(first).toBeDefined();

  await closeOffscreen(env.ext);
  // The old document's requests died with it; what the server receives from now on comes from the
  // host the service worker started again (which takes far longer to start than this takes).
  const request = await env.server.waitForRequest(PATH);
  // It goes on from a stored position, not from 0.
  expect(request.range).toMatch(/^bytes=[1-9]\d*-\d+$/);

  const documents = await offscreenDocuments(env.ext);
  expect(documents).toHaveLength(1);
  expect(documents[0]).not.toBe(first);
  expect(ofJob(await listBackingFiles(env.ext), added.id)).toEqual([`${added.id}-0.part`]);

  const job = await env.ext.waitForJobState((j) => j.id === added.id && j.state === 'ACKNOWLEDGED');
  expect(await sha256File(await waitForFile(savedFilePath(env.ext, job)))).toBe(await file.sha256());
  const refetched = bytesSent(env.server, PATH) - SIZE;
  console.info(`offscreen-close: ${refetched} bytes fetched again`);
  expect(refetched).toBeLessThanOrEqual(mostFetchedAgain(CONNECTIONS));
  expect(
    env.server.stats.log.filter((entry) => entry.path === PATH && entry.range === 'bytes=0-'),
  ).toHaveLength(1);
});
