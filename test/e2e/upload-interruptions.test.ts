/**
 * A 64 MiB upload survives what a download survives (job-model.md "Uploads"): two service worker
 * stops (nothing is interrupted: the engine host goes on) and a browser restart (the job goes on by
 * itself in the same session, from the server's last Ack). The server gets the right bytes, and
 * receives at most the size plus 1 MiB (one fragment on the one connection) per interruption.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startBitsUploadServer, type BitsUploadServer } from '../server/bits-upload';
import { launchExtension, type ExtensionSession } from './harness';
import { offscreenDocuments } from './engine-host-hooks';
import { createUploadJob, listOpfsFolder, payloadSha256, stageBlob } from './upload-hooks';

const MiB = 1 << 20;
const SIZE = 64 * MiB;
const PATH = '/big/review-video.bin';
const INTERRUPTIONS = 3;

let server: BitsUploadServer;
let ext: ExtensionSession;

beforeAll(async () => {
  server = await startBitsUploadServer();
  ext = await launchExtension();
});
afterAll(async () => {
  await ext?.close();
  await server?.close();
});

it('uploads 64 MiB through 2 worker stops and 1 browser restart: right bytes, little sent twice', async () => {
  // About 10 s at this limit: time for the stops on the way.
  await ext.api('setSettings', { backgroundBandwidthLimit: 6 * 1024 });
  const data = await stageBlob(ext, SIZE, 42);
  const job = await createUploadJob(ext, server.origin, server.url(PATH), data);
  await ext.api('resume', { id: job.id });

  const [host] = await offscreenDocuments(ext);
  for (const fraction of [0.15, 0.3]) {
    await ext.waitForJobState(
      (j) => j.id === job.id && j.progress.bytesTransferred >= SIZE * fraction,
      60_000,
    );
    await ext.stopServiceWorker();
    const seen = (await ext.api('listJobs')).find((j) => j.id === job.id);
    expect(seen?.state).toBe('TRANSFERRING');
    expect(await offscreenDocuments(ext)).toEqual([host]);
  }

  await ext.waitForJobState((j) => j.id === job.id && j.progress.bytesTransferred >= SIZE * 0.5, 60_000);
  // Slower across the restart, so that the restarted browser finds the upload unfinished.
  await ext.api('setSettings', { backgroundBandwidthLimit: 1024 });
  ext = await ext.relaunch();
  const resumed = (await ext.api('listJobs')).find((j) => j.id === job.id);
  expect(resumed?.progress.bytesTransferred).toBeGreaterThanOrEqual(SIZE * 0.5);
  expect(resumed?.progress.bytesTransferred).toBeLessThan(SIZE);
  await ext.api('setSettings', { backgroundBandwidthLimit: 6 * 1024 });
  // Nothing is clicked: the restarted extension goes on in the same session.
  const done = await ext.waitForJobState((j) => j.id === job.id && j.state === 'ACKNOWLEDGED', 120_000);

  expect(done.progress.bytesTransferred).toBe(SIZE);
  expect(server.uploadedFile(PATH)?.sha256).toBe(payloadSha256(SIZE, 42));
  expect(server.stats.log.filter((r) => r.packetType === 'Create-Session')).toHaveLength(1);
  const extra = server.stats.bodyBytesReceived - SIZE;
  console.info(`upload-interruptions: ${extra} bytes received beyond the size`);
  expect(extra).toBeGreaterThanOrEqual(0);
  expect(extra).toBeLessThanOrEqual(INTERRUPTIONS * MiB);
  // The stored copy went with the job's end.
  expect(await listOpfsFolder(ext, 'uploads')).toEqual([]);
});
