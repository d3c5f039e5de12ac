/**
 * Hostile input from a store page, in Chromium: every malformed or out-of-limit call gets the
 * contract's error (page-api.md, job-model.md Limits, wmp-convention.md), WMP metadata built to
 * climb out of Downloads lands inside it under safe names (files-on-disk.md), final jobs refuse
 * every change, and a good job started first is still there at the end and saves its bytes.
 * (Another origin's job ids are covered by page-api.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { join, resolve, sep } from 'node:path';
import { startTestServer, type TestServer } from '../server/index';
import { launchExtension, savedFilePath, sha256File, waitForFile, type ExtensionSession } from './harness';
import { allowThroughPrompt, createJobOutcomes, type PageWindow } from './page-hostile-page';
import { savePathFor } from '../../src/engine/naming/save-path';
import { parseWmpDescription } from '../../src/engine/naming/wmp-convention';
import { pathSafetyProblems } from '../engine/support/safe-path-oracle';
import type { JobInfo } from '../../src/engine/types';

const STORE_PAGE = '<!doctype html><meta charset="utf-8"><title>Hostile store</title><h1>Store</h1>';
const NOWHERE = 'http://127.0.0.1:9/never';
const hasSettled = (job: JobInfo) =>
  job.state === 'ACKNOWLEDGED' || job.state === 'ERROR' || job.state === 'CANCELLED';

describe('hostile input from a store page', () => {
  let server: TestServer;
  let ext: ExtensionSession;
  let page: Page;
  let goodJobId = '';
  let goodSha256 = '';

  beforeAll(async () => {
    server = await startTestServer();
    server.addRoute('/store.html', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(STORE_PAGE);
    });
    ext = await launchExtension({ extensionDir: process.env.WEBBITS_EXTENSION_DIR || undefined });
    page = await ext.context.newPage();
    await page.goto(`${server.origin}/store.html`);
  });
  afterAll(async () => {
    await ext?.close();
    await server?.close();
  });

  const reject = (inits: unknown[]) => createJobOutcomes(page, inits);
  const one = (files: unknown[], extra: Record<string, unknown> = {}) => ({
    displayName: 'x',
    files,
    ...extra,
  });

  it('allows the store through the prompt and starts a good job that waits for complete()', async () => {
    expect(await allowThroughPrompt(ext, page)).toBe('granted');
    const file = server.addFile('/good/album.zip', { size: 1_500_000, contentType: 'application/zip' });
    goodSha256 = await file.sha256();
    goodJobId = await page.evaluate(
      async ({ url, sha256 }) => {
        const job = await (window as unknown as PageWindow).webbits.createJob({
          displayName: 'Good album',
          files: [{ url, sha256 }],
          autoComplete: false,
        });
        await job.resume();
        return job.id;
      },
      { url: file.url, sha256: goodSha256 },
    );
    const transferred = await ext.waitForJobState((j) => j.id === goodJobId && j.state === 'TRANSFERRED');
    expect(transferred.progress.bytesTransferred).toBe(1_500_000);
  });

  it('refuses URLs that are not http or https, naming the file', async () => {
    const urls = ['javascript:alert(1)', 'file:///etc/passwd', 'data:text/plain,x', 'ftp://127.0.0.1/x.mp3'];
    const outcomes = await reject(urls.map((url) => one([{ url: `${server.origin}/ok.mp3` }, { url }])));
    for (const outcome of outcomes) {
      expect(outcome).toBe('TypeError: files[1].url: only http and https URLs can be downloaded');
    }
  });

  it('enforces the limits with the named BITS codes and TypeErrors', async () => {
    const ok = { url: `${server.origin}/ok.mp3` };
    const [tooMany, longName, longDescription, longUrl, cookie, retry, slash] = await reject([
      one(Array.from({ length: 201 }, () => ok)),
      { displayName: 'n'.repeat(257), files: [ok] },
      one([ok], { description: 'd'.repeat(1025) }),
      one([{ url: `${server.origin}/${'a'.repeat(2200)}` }]),
      one([ok], { headers: { 'X-Fine': '1', Cookie: 'session=stolen' } }),
      one([ok], { minimumRetryDelay: 1 }),
      one([{ ...ok, name: 'music/../../evil.sh' }]),
    ]);
    expect(tooMany).toMatch(/^BG_E_TOO_MANY_FILES_IN_JOB: /);
    expect(longName).toMatch(/^BG_E_STRING_TOO_LONG: displayName/);
    expect(longDescription).toMatch(/^BG_E_STRING_TOO_LONG: description/);
    expect(longUrl).toMatch(/^TypeError: files\[0\]\.url: .*2200/);
    expect(cookie).toMatch(/^TypeError: headers\.Cookie: /);
    expect(retry).toMatch(/^TypeError: minimumRetryDelay: /);
    expect(slash).toMatch(/^TypeError: files\[0\]\.name: /);
  });

  it('refuses malformed ::WMP_JOB descriptions, naming the field', async () => {
    const cases: Array<[string, string]> = [
      ['::WMP_JOB:1:0:P:A:B:1:T:1:1', 'serviceId'],
      ['::WMP_JOB:1:5:P:A:B:x:T:1:1', 'TrackNumber'],
      ['::WMP_JOB:1:5:P:A:B:1:T:1', 'Rating'],
      ['::WMP_JOB:1:5:P:A:Live: 1999:1:T:1:1', '%3A'],
      ['::WMP_JOB:1:5:P:A:B:1:T:1:100', 'Rating'],
    ];
    const outcomes = await reject(cases.map(([description]) => one([{ url: NOWHERE }], { description })));
    expect(outcomes).toEqual(
      cases.map(([, names]) => expect.stringMatching(new RegExp(`^TypeError: description: .*${names}`))),
    );
    const [twoFiles] = await reject([
      one([{ url: `${NOWHERE}/1.mp3` }, { url: `${NOWHERE}/2.mp3` }], {
        description: '::WMP_JOB:1:5:P:A:B:1:T:1:1',
      }),
    ]);
    expect(twoFiles).toMatch(/^TypeError: files: /);
  });

  it('files WMP metadata made of .., reserved names and separators safely inside Downloads', async () => {
    // Each of Provider, AlbumArtist, AlbumTitle and Title gets each hostile value once or more.
    const cases = [
      [501, '..', '../../etc', 'CON', '', 'aux.txt', '_/_.._etc/CON_/aux_.txt.mp3'],
      [502, 'a/b\\c', '<>|?*', '..', '7', '../../etc', 'a_b_c/_____/Unknown Album/07 .._.._etc.mp3'],
      [503, 'C%3A\\Windows', 'aux.txt', 'a/b\\c', '', '<>|?*', 'C__Windows/aux_.txt/a_b_c/_____.mp3'],
      [504, 'CON', '..', 'aux.txt', '', '..', 'CON_/Unknown Artist/aux_.txt/4.mp3'],
    ] as const;
    const tracks = cases.map(([serviceId, provider, artist, album, track, title, literal], i) => ({
      serviceId,
      literal,
      description: `::WMP_JOB:1:${serviceId}:${provider}:${artist}:${album}:${track}:${title}::`,
      file: server.addFile(`/hostile/${i + 1}.mp3`, { size: 150_000 + i, contentType: 'audio/mpeg' }),
    }));
    // One job at a time: this test is about where files land, and saves that start together can
    // race the creation of the offscreen document that assembles them (blob-urls.ts).
    for (const { serviceId, literal, description, file } of tracks) {
      await page.evaluate(
        async (init) => {
          const job = await (window as unknown as PageWindow).webbits.createJob(init);
          await job.resume();
        },
        { displayName: 'hostile track', description, files: [{ url: file.url }] },
      );
      const done = await ext.waitForJobState((j) => j.wmp?.serviceId === serviceId && hasSettled(j), 30_000);
      expect(done.state).toBe('ACKNOWLEDGED');
      const expected = savePathFor({
        downloadFolder: '',
        displayName: 'hostile track',
        wmp: parseWmpDescription(description),
        fileCount: 1,
        file: {
          name: null,
          url: file.url,
          finalUrl: file.url,
          contentDisposition: null,
          contentType: 'audio/mpeg',
        },
      });
      expect(expected).toBe(literal);
      expect(done.files[0]?.localPath).toBe(expected);
      // The rules checked independently of the code that applies them.
      expect(pathSafetyProblems(expected)).toEqual([]);
      expect(expected.split('/')).toHaveLength(4);
      const onDisk = resolve(ext.downloadDir, expected);
      expect(onDisk.startsWith(ext.downloadDir + sep)).toBe(true);
      expect(await sha256File(await waitForFile(onDisk))).toBe(await file.sha256());
    }
  });

  // Four saves at once once raced the offscreen document's creation (a document listed before its
  // script listened: "Receiving end does not exist"); blob-urls.ts now waits for it.
  it('saves convention jobs that finish at the same moment', async () => {
    const urls = [1, 2, 3, 4].map((n) => server.addFile(`/together/${n}.mp3`, { size: 150_000 }).url);
    await page.evaluate(
      (all) =>
        Promise.all(
          all.map(async (url, i) => {
            const description = `::WMP_JOB:1:${601 + i}:Together:Band:Album:${i + 1}:Song::`;
            const job = await (window as unknown as PageWindow).webbits.createJob({
              displayName: 'x',
              description,
              files: [{ url }],
            });
            await job.resume();
          }),
        ),
      urls,
    );
    for (const serviceId of [601, 602, 603, 604]) {
      const done = await ext.waitForJobState(
        (j) =>
          j.wmp?.serviceId === serviceId &&
          j.files[0]?.completed === true &&
          (hasSettled(j) || j.error !== null),
        30_000,
      );
      expect(done).toMatchObject({ state: 'ACKNOWLEDGED', error: null });
    }
  });

  it('refuses every change to a cancelled job with BG_E_INVALID_STATE', async () => {
    const outcomes = await page.evaluate(async (url) => {
      const job = await (window as unknown as PageWindow).webbits.createJob({
        displayName: 'gone',
        files: [{ url }],
      });
      await job.cancel();
      const name = (call: Promise<unknown>) =>
        call.then(
          () => 'resolved',
          (error: Error) => error.name,
        );
      return {
        resume: await name(job.resume()),
        suspend: await name(job.suspend()),
        setPriority: await name(job.setPriority('high')),
        addFiles: await name(job.addFiles([{ url: `${url}/more` }])),
        complete: await name(job.complete()),
        state: (await job.info()).state,
      };
    }, NOWHERE);
    expect(outcomes).toEqual({
      resume: 'BG_E_INVALID_STATE',
      suspend: 'BG_E_INVALID_STATE',
      setPriority: 'BG_E_INVALID_STATE',
      addFiles: 'BG_E_INVALID_STATE',
      complete: 'BG_E_INVALID_STATE',
      state: 'CANCELLED',
    });
  });

  it('leaves the good job intact: it is still listed, completes, and saves the right bytes', async () => {
    const before = await page.evaluate(async (id) => {
      const jobs = await (window as unknown as PageWindow).webbits.getJobs();
      const job = jobs.find((j) => j.id === id);
      return job ? job.info() : null;
    }, goodJobId);
    expect(before).toMatchObject({ displayName: 'Good album', state: 'TRANSFERRED', priority: 'normal' });
    expect(before?.files).toHaveLength(1);
    const done = await page.evaluate(async (id) => {
      const job = await (window as unknown as PageWindow).webbits.getJob(id);
      await job.complete();
      return job.info();
    }, goodJobId);
    expect(done.state).toBe('ACKNOWLEDGED');
    expect(done.files[0]?.localPath).toBe('album.zip');
    expect(await sha256File(await waitForFile(savedFilePath(ext, done)))).toBe(goodSha256);
    expect(join(ext.downloadDir, 'album.zip')).toBe(savedFilePath(ext, done));
  });
});
