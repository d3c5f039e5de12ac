/**
 * An upload-reply job in real Firefox ESR (dist/firefox): a Blob staged in the origin private file
 * system from an extension page, the job made through the background page's test hook, the bytes
 * sent by the engine host's worker over the BITS Upload Protocol, and the reply read back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { startBitsUploadServer, type BitsUploadServer } from '../server/bits-upload';
import { firefoxHostCall } from './firefox-host-hooks';
import { firefoxPath, launchFirefoxWithExtension, type FirefoxSession } from './firefox-launch';
import { payloadSha256 } from './upload-hooks';
import type { JobInfo } from '../../src/engine/types';

const MiB = 1 << 20;
const firefox = firefoxPath();
if (!firefox) console.warn('Firefox upload test skipped: neither firefox-esr nor firefox is installed');

/** The background API's listJobs, asked from an extension page as the popup does. */
async function listJobs(page: Page): Promise<JobInfo[]> {
  const answer = (await page.evaluate(() =>
    (
      globalThis as unknown as { browser: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }
    ).browser.runtime.sendMessage({ kind: 'webbits:api', method: 'listJobs' }),
  )) as { ok: boolean; value: JobInfo[] };
  return answer.value;
}

describe.skipIf(!firefox)('Firefox: an upload-reply job', () => {
  let server: BitsUploadServer;
  let session: FirefoxSession;
  let page: Page;

  beforeAll(async () => {
    server = await startBitsUploadServer();
    session = await launchFirefoxWithExtension();
    page = await session.openExtensionPage('options');
  });
  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  it('uploads a staged Blob in fragments and keeps the reply', async () => {
    const size = 2 * MiB + 99;
    const path = '/ff/review.bin';
    server.setReply(path, { body: 'Merci pour votre avis.' });
    const data = await page.evaluate(async (length) => {
      const bytes = new Uint8Array(length);
      let state = 3;
      for (let i = 0; i < length; i++) {
        state = (Math.imul(state, 1103515245) + 12345) >>> 0;
        bytes[i] = state >>> 24;
      }
      const staged = crypto.randomUUID();
      const folder = await (
        await navigator.storage.getDirectory()
      ).getDirectoryHandle('staged', { create: true });
      const writable = await (await folder.getFileHandle(staged, { create: true })).createWritable();
      await writable.write(bytes);
      await writable.close();
      return { staged, size: length, type: '' };
    }, size);
    const job = (await firefoxHostCall(page, 'createJob', {
      owner: server.origin,
      init: { displayName: 'Review', type: 'upload-reply', files: [{ url: server.url(path), data }] },
      collectionId: null,
    })) as JobInfo;
    await firefoxHostCall(page, 'resume', { scope: '*', id: job.id });
    const deadline = Date.now() + 60_000;
    let state = job.state;
    while (state !== 'ACKNOWLEDGED' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      state = (await listJobs(page)).find((j) => j.id === job.id)?.state ?? state;
    }
    expect(state).toBe('ACKNOWLEDGED');
    expect(server.uploadedFile(path)?.sha256).toBe(payloadSha256(size, 3));
    const { base64 } = (await firefoxHostCall(page, 'reply', { scope: '*', id: job.id })) as {
      base64: string;
    };
    expect(Buffer.from(base64, 'base64').toString()).toBe('Merci pour votre avis.');
  });
});
