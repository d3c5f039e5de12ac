/**
 * Closing the browser mid-transfer and starting it again with the same profile: the download
 * continues by itself (no click, no page open) and completes with the right bytes.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../server/index';
import { launchExtension, savedFilePath, sha256File, waitForFile, type ExtensionSession } from './harness';

const MiB = 1 << 20;
const SIZE = 16 * MiB;
const PATH = '/restart/album.zip';

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

it('continues after a browser restart without any click', async () => {
  const file = server.addFile(PATH, { size: SIZE, contentType: 'application/zip' });
  server.setThrottle(MiB, PATH);
  const added = await ext.api('addDownload', { url: file.url });
  const before = await ext.waitForJobState(
    (j) => j.id === added.id && j.progress.bytesTransferred >= SIZE * 0.3,
  );
  expect(before.state).toBe('TRANSFERRING');

  await ext.context.close();
  const resumedRequest = server.waitForRequest(PATH);
  ext = await launchExtension({ userDataDir: ext.userDataDir, downloadDir: ext.downloadDir });
  // The background resumed on its own: the server sees a ranged request before any page is opened.
  const request = await resumedRequest;
  expect(request.range).toMatch(/^bytes=\d+-/);
  expect(request.range).not.toBe('bytes=0-');

  server.setThrottle(null, PATH);
  const job = await ext.waitForJobState((j) => j.id === added.id && j.state === 'ACKNOWLEDGED');
  expect(await sha256File(await waitForFile(savedFilePath(ext, job)))).toBe(await file.sha256());
});
