/**
 * Closing the browser mid-transfer and starting it again with the same profile: the download
 * continues by itself (no click, no page open) and completes with the right bytes.
 */
import { expect, it } from 'vitest';
import { useServerAndExtension } from './server-and-extension';
import { launchExtension, savedFilePath, sha256File, waitForFile } from './harness';

const MiB = 1 << 20;
const SIZE = 16 * MiB;
const PATH = '/restart/album.zip';

const env = useServerAndExtension();

it('continues after a browser restart without any click', async () => {
  const file = env.server.addFile(PATH, { size: SIZE, contentType: 'application/zip' });
  env.server.setThrottle(MiB, PATH);
  const added = await env.ext.api('addDownload', { url: file.url });
  const before = await env.ext.waitForJobState(
    (j) => j.id === added.id && j.progress.bytesTransferred >= SIZE * 0.3,
  );
  expect(before.state).toBe('TRANSFERRING');

  await env.ext.context.close();
  const resumedRequest = env.server.waitForRequest(PATH);
  env.ext = await launchExtension({ userDataDir: env.ext.userDataDir, downloadDir: env.ext.downloadDir });
  // The background resumed on its own: the server sees a ranged request before any page is opened.
  const request = await resumedRequest;
  expect(request.range).toMatch(/^bytes=\d+-/);
  expect(request.range).not.toBe('bytes=0-');

  env.server.setThrottle(null, PATH);
  const job = await env.ext.waitForJobState((j) => j.id === added.id && j.state === 'ACKNOWLEDGED');
  expect(await sha256File(await waitForFile(savedFilePath(env.ext, job)))).toBe(await file.sha256());
});
