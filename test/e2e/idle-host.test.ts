/**
 * When no job needs the engine host, nothing of it stays open (platform-notes.md: an offscreen
 * document is closed when idle; alarms only while work runs): after a download finishes, the
 * service worker closes the offscreen document once it has been idle for 15 s, and clears its
 * heartbeat alarm. Neither fact is announced by an event, so both are polled with a deadline.
 */
import { expect, it } from 'vitest';
import { useServerAndExtension } from './server-and-extension';
import { savedFilePath, sha256File, waitForFile } from './harness';
import { alarmNames, offscreenDocuments, pollUntil } from './engine-host-hooks';

const MiB = 1 << 20;
const SIZE = 8 * MiB;
const PATH = '/idle/done.bin';
/** The idle close comes 15 s after the last job stopped needing the host; a margin for the machine. */
const CLOSE_DEADLINE_MS = 25_000;

const env = useServerAndExtension();

it('closes the offscreen document and leaves no alarm once the download is done', async () => {
  const file = env.server.addFile(PATH, { size: SIZE });
  env.server.setThrottle(MiB, PATH);
  await env.ext.api('setSettings', { connectionsPerFile: 4 });
  const added = await env.ext.api('addDownload', { url: file.url });
  await env.ext.waitForJobState((j) => j.id === added.id && j.progress.bytesTransferred >= SIZE * 0.25);
  // While it transfers, the host's document is open and the heartbeat alarm set.
  expect(await offscreenDocuments(env.ext)).toHaveLength(1);
  expect(await alarmNames(env.ext)).toContain('webbits-heartbeat');

  const job = await env.ext.waitForJobState((j) => j.id === added.id && j.state === 'ACKNOWLEDGED');
  expect(await sha256File(await waitForFile(savedFilePath(env.ext, job)))).toBe(await file.sha256());
  const done = Date.now();

  await pollUntil(
    'The offscreen document closing',
    async () => (await offscreenDocuments(env.ext)).length === 0,
    CLOSE_DEADLINE_MS,
  );
  console.info(`idle-host: offscreen document closed ${Date.now() - done} ms after the job was done`);
  expect(await alarmNames(env.ext)).toEqual([]);
  // Reading the jobs needs no host: the service worker answers from its mirror.
  expect((await env.ext.api('listJobs')).find((j) => j.id === added.id)?.state).toBe('ACKNOWLEDGED');
  expect(await offscreenDocuments(env.ext)).toEqual([]);
});
