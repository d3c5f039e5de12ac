/**
 * Upload jobs in Chromium (job-model.md "Uploads"): the engine host reads a staged Blob from the
 * origin private file system and sends it over the BITS Upload Protocol to the test server
 * (test/server/bits-upload) with the browser's own fetch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBitsUploadServer, type BitsUploadServer } from '../server/bits-upload';
import { launchExtension, type ExtensionSession } from './harness';
import { hostCall } from './engine-host-hooks';
import { createUploadJob, hostOutcome, listOpfsFolder, payloadSha256, stageBlob } from './upload-hooks';

const MiB = 1 << 20;
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

describe('uploads in Chromium', () => {
  it('upload-reply: the file arrives whole and reply() returns the server reply body', async () => {
    server.setReply('/reviews/r1.bin', { body: 'Thanks! Review #1 is online.', contentType: 'text/plain' });
    const data = await stageBlob(ext, 3 * MiB + 5, 7);
    const job = await createUploadJob(ext, server.origin, server.url('/reviews/r1.bin'), data, {
      type: 'upload-reply',
    });
    expect(await listOpfsFolder(ext, 'staged')).toEqual([]);
    expect(await listOpfsFolder(ext, 'uploads')).toEqual([job.id]);
    await ext.api('resume', { id: job.id });
    const done = await ext.waitForJobState((j) => j.id === job.id && j.state === 'ACKNOWLEDGED');
    expect(done.progress.bytesTransferred).toBe(data.size);
    expect(server.uploadedFile('/reviews/r1.bin')?.sha256).toBe(payloadSha256(data.size, 7));
    const { base64 } = await hostCall(ext, 'reply', { scope: server.origin, id: job.id });
    expect(Buffer.from(base64, 'base64').toString()).toBe('Thanks! Review #1 is online.');
    // The stored copy is gone; the reply stays until the job is removed.
    expect(await listOpfsFolder(ext, 'uploads')).toEqual([`${job.id}.reply`]);
  });

  it('a 4xx with BITS-Error-Code ends in ERROR with the server hresult and a readable message', async () => {
    server.queueFaults('/reviews/denied.bin', {
      kind: 'status',
      status: 403,
      errorCode: '0x80070005',
      packet: 'Create-Session',
    });
    const data = await stageBlob(ext, 1000);
    const job = await createUploadJob(ext, server.origin, server.url('/reviews/denied.bin'), data);
    await ext.api('resume', { id: job.id });
    const failed = await ext.waitForJobState((j) => j.id === job.id && j.state === 'ERROR');
    expect(failed.error).toMatchObject({ code: 'E_ACCESSDENIED', hresult: 0x80070005, httpStatus: 403 });
    expect(failed.error?.message).toContain(
      'HTTP 403 (Forbidden) with BITS error 0x80070005: this upload is not allowed',
    );
  });

  it('a lost session: the upload restarts cleanly from 0 in a new session, the file right', async () => {
    const path = '/reviews/lost.bin';
    server.queueFaults(path, { kind: 'lose-session', packet: 'Fragment' });
    server.resetStats();
    const data = await stageBlob(ext, 2 * MiB + 1, 11);
    const job = await createUploadJob(ext, server.origin, server.url(path), data);
    await ext.api('resume', { id: job.id });
    await ext.waitForJobState((j) => j.id === job.id && j.state === 'ACKNOWLEDGED');
    const log = server.stats.log.filter((r) => r.path === path);
    expect(log.filter((r) => r.packetType === 'Create-Session')).toHaveLength(2);
    const lost = log.findIndex((r) => r.errorCode === '0x8020001F');
    expect(log[lost + 1]?.packetType).toBe('Ping');
    expect(log.find((r, i) => i > lost && r.packetType === 'Fragment')?.contentRange).toMatch(/^bytes 0-/);
    expect(server.uploadedFile(path)?.sha256).toBe(payloadSha256(data.size, 11));
  });

  it('cancel(): the server sees Cancel-Session and drops the partial upload', async () => {
    const path = '/reviews/cancel.bin';
    await ext.api('setSettings', { backgroundBandwidthLimit: 2048 });
    const data = await stageBlob(ext, 16 * MiB);
    const job = await createUploadJob(ext, server.origin, server.url(path), data);
    await ext.api('resume', { id: job.id });
    await ext.waitForJobState((j) => j.id === job.id && j.progress.bytesTransferred >= 2 * MiB);
    // ui.md: the popup's row says "Uploading", with speed and time left.
    const popup = await ext.openExtensionPage('popup');
    await expect.poll(() => popup.locator('.job-state').allTextContents()).toContain('Uploading');
    await expect.poll(() => popup.getByText(/MB\/s · \d+ s left/).count()).toBeGreaterThan(0);
    await popup.close();
    const cancelled = server.waitForRequest((r) => r.packetType === 'Cancel-Session' && r.path === path);
    await ext.api('cancel', { id: job.id });
    expect((await cancelled).status).toBe(200);
    expect([...server.sessions.values()].filter((s) => s.path === path)).toEqual([]);
    expect(server.uploadedFile(path)).toBeUndefined();
    expect(await listOpfsFolder(ext, 'uploads')).not.toContain(job.id);
    await ext.api('setSettings', { backgroundBandwidthLimit: null });
  });

  it('hostile input: each case a clear error, no stored data left', async () => {
    const url = server.url('/reviews/x.bin');
    const create = (files: unknown) =>
      hostOutcome(ext, 'createJob', {
        owner: server.origin,
        init: { displayName: 'x', type: 'upload', files },
        collectionId: null,
      });
    const tooBig = { staged: crypto.randomUUID(), size: 4 * 1024 ** 3 + 1, type: '' };
    expect(await create([{ url, data: tooBig }])).toMatchObject({ ok: false, name: 'BG_E_TOO_LARGE' });
    expect(await create([{ url: 'ftp://example.com/x', data: await stageBlob(ext, 100) }])).toMatchObject({
      ok: false,
      name: 'TypeError',
      message: 'files[0].url: only http and https URLs can be uploaded',
    });
    expect(await create([{ url, data: 'not a blob' }])).toMatchObject({
      ok: false,
      name: 'TypeError',
      message: 'files[0].data: must be a Blob or a File',
    });
    const two = [
      { url, data: await stageBlob(ext, 10) },
      { url, data: await stageBlob(ext, 10) },
    ];
    expect(await create(two)).toMatchObject({
      ok: false,
      message: 'files: an upload job has exactly one file (2 given)',
    });
    const wrongSize = await stageBlob(ext, 100);
    expect(await create([{ url, data: { ...wrongSize, size: 99 } }])).toMatchObject({
      ok: false,
      name: 'TypeError',
    });
    // The refused staged Blobs were dropped, none became a job's copy.
    expect(await listOpfsFolder(ext, 'staged')).toEqual([]);
    const download = await ext.api('addDownload', { url: server.url('/plain.bin') });
    expect(await hostOutcome(ext, 'reply', { scope: '*', id: download.id })).toMatchObject({
      ok: false,
      name: 'E_NOTIMPL',
    });
  });

  it("the host's start sweeps upload data no job owns, and keeps a staged Blob a bridge may be writing", async () => {
    const orphan = crypto.randomUUID();
    const page = await ext.openExtensionPage('options');
    await page.evaluate(async (name) => {
      const root = await navigator.storage.getDirectory();
      const folder = await root.getDirectoryHandle('uploads', { create: true });
      const writable = await (await folder.getFileHandle(name, { create: true })).createWritable();
      await writable.write(new Uint8Array(10));
      await writable.close();
    }, orphan);
    await page.close();
    const fresh = await stageBlob(ext, 10);
    ext = await ext.relaunch();
    // Any host call waits for the host's start, sweep included.
    await hostCall(ext, 'listBackingFiles');
    expect(await listOpfsFolder(ext, 'uploads')).not.toContain(orphan);
    expect(await listOpfsFolder(ext, 'staged')).toContain(fresh.staged);
  });
});
