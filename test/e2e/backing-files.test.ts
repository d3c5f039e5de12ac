/**
 * A backing file lives only while its file is not done with (job-model.md; build-and-test.md:
 * "none once every job is final"). Seen from an extension page (the origin private file system's
 * root) and cross-checked with the host's own list, each job's `<jobId>-0.part` exists mid-transfer
 * and is gone once the file is saved, once the job is cancelled, and once a page job's bytes fail
 * their sha256 (ERROR BG_E_VALIDATION_FAILED drops them).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { JobInfo } from '../../src/engine/types';
import { useServerAndExtension } from './server-and-extension';
import { savedFilePath, sha256File, waitForFile } from './harness';
import { flushThread, listBackingFiles, listOpfs, ofJob } from './engine-host-hooks';

const MiB = 1 << 20;
const SIZE = 12 * MiB;
const CONNECTIONS = 4;

describe('backing files in the origin private file system', () => {
  const env = useServerAndExtension();

  beforeAll(async () => {
    // About 3 s over 4 connections: the backing file can be seen while the file transfers.
    env.server.setThrottle(MiB);
    await env.ext.api('setSettings', { connectionsPerFile: CONNECTIONS });
  });

  /** The job's backing files as the page sees them, after checking that the host lists the same. */
  async function backingFilesOf(jobId: string): Promise<string[]> {
    const seen = ofJob(await listOpfs(env.ext), jobId);
    expect(ofJob(await listBackingFiles(env.ext), jobId)).toEqual(seen);
    return seen;
  }

  async function seenMidTransfer(jobId: string): Promise<void> {
    // Each connection writes a chunk once it holds 1 MiB: past one more than that per
    // connection, a chunk has been written and the file exists.
    await env.ext.waitForJobState(
      (j) => j.id === jobId && j.progress.bytesTransferred > (CONNECTIONS + 1) * MiB,
    );
    expect(await backingFilesOf(jobId)).toEqual([`${jobId}-0.part`]);
  }

  it('is made durable by the flush worker, off the thread that fetches', async () => {
    // Chromium shares a file between workers (readwrite-unsafe): the disk syncs leave the reads.
    expect(await flushThread(env.ext)).toBe('flush worker');
  });

  it('is gone once the file is saved', async () => {
    const file = env.server.addFile('/backing/saved.bin', { size: SIZE });
    const added = await env.ext.api('addDownload', { url: file.url });
    await seenMidTransfer(added.id);
    const job = await env.ext.waitForJobState((j) => j.id === added.id && j.state === 'ACKNOWLEDGED');
    expect(await sha256File(await waitForFile(savedFilePath(env.ext, job)))).toBe(await file.sha256());
    expect(await backingFilesOf(added.id)).toEqual([]);
  });

  it('is gone once the job is cancelled', async () => {
    const file = env.server.addFile('/backing/cancelled.bin', { size: SIZE });
    const added = await env.ext.api('addDownload', { url: file.url });
    await seenMidTransfer(added.id);
    // cancel() answers once the job's stored data is deleted.
    const cancelled = await env.ext.api('cancel', { id: added.id });
    expect(cancelled.state).toBe('CANCELLED');
    expect(await backingFilesOf(added.id)).toEqual([]);
  });

  it('is gone once a page job fails its sha256', async () => {
    const file = env.server.addFile('/backing/wrong-hash.bin', { size: SIZE });
    env.server.addRoute('/store.html', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end('<!doctype html><meta charset="utf-8"><title>Store</title><h1>Store</h1>');
    });
    await env.ext.api('setSite', { origin: env.server.origin, decision: 'allowed' });
    const page: Page = await env.ext.context.newPage();
    await page.goto(`${env.server.origin}/store.html`);
    const created = await page.evaluate(createPageJob, { url: file.url, sha256: '0'.repeat(64) });
    await seenMidTransfer(created);

    const failed = await env.ext.waitForJobState((j) => j.id === created && j.state === 'ERROR');
    expect(failed.error?.code).toBe('BG_E_VALIDATION_FAILED');
    expect(failed.owner).toBe(env.server.origin);
    expect(await backingFilesOf(created)).toEqual([]);
    await page.close();
  });

  it('leaves no backing file behind at all', async () => {
    const names = await listOpfs(env.ext);
    expect(names.filter((name) => name.endsWith('.part'))).toEqual([]);
    expect(await listBackingFiles(env.ext)).toEqual(names);
  });
});

/** Runs in the store page: creates a one-file job with a sha256 and resumes it; returns its id. */
async function createPageJob({ url, sha256 }: { url: string; sha256: string }): Promise<string> {
  type Job = { id: string; resume(): Promise<JobInfo> };
  const webbits = (window as unknown as { webbits: { createJob(init: unknown): Promise<Job> } }).webbits;
  const job = await webbits.createJob({ displayName: 'Wrong hash', files: [{ url, sha256 }] });
  await job.resume();
  return job.id;
}
