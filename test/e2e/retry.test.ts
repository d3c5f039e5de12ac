/**
 * A server answering 503 for a while: the job goes to TRANSIENT_ERROR, is retried after the
 * options' "Retry delay for your downloads" (here 5 s, the minimum), and is then saved.
 */
import { expect, it } from 'vitest';
import { useServerAndExtension } from './server-and-extension';
import { savedFilePath, sha256File, waitForFile } from './harness';

const PATH = '/busy/track.mp3';

const env = useServerAndExtension();

it('retries a 503 burst after the user retry delay and saves the file', async () => {
  const file = env.server.addFile(PATH, { size: 2 * 1024 * 1024 + 7, contentType: 'audio/mpeg' });
  const settings = await env.ext.api('setSettings', { userRetryDelay: 5 });
  expect(settings.userRetryDelay).toBe(5);
  env.server.queueFaults(
    PATH,
    ...Array.from({ length: 20 }, () => ({ kind: 'status' as const, status: 503 })),
  );

  const added = await env.ext.api('addDownload', { url: file.url });
  expect(added.minimumRetryDelay).toBe(5);
  const failing = await env.ext.waitForJobState((j) => j.id === added.id && j.state === 'TRANSIENT_ERROR');
  expect(failing.error?.code).toBe('BG_E_HTTP_ERROR_503');

  env.server.clearFaults(PATH);
  const job = await env.ext.waitForJobState((j) => j.id === added.id && j.state === 'ACKNOWLEDGED', 60_000);
  expect(await sha256File(await waitForFile(savedFilePath(env.ext, job)))).toBe(await file.sha256());
});
