/**
 * The client against a real aria2c over JSON-RPC on HTTP: what aria2 1.36 really answers, and a
 * hand-off of a file only a browser with the right Cookie and Referer could fetch.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAria2Client, type Aria2Client } from '../../../src/engine/aria2/aria2-client';
import { aria2FailureToJobError } from '../../../src/engine/aria2/aria2-failure';
import type { Aria2Status } from '../../../src/engine/aria2/aria2-schemas';
import { aria2Failure } from '../../../src/engine/aria2/fake-transport.test-support';
import { handOffOptions } from '../../../src/engine/aria2/hand-off-options';
import { aria2StatusToJob } from '../../../src/engine/aria2/status-to-job';
import { installedAria2Version, nodeAria2Ports, startAria2Daemon, type Aria2Daemon } from './aria2-daemon';
import { startGatedFileServer, type GatedFileServer } from './gated-file-server';
import { waitFor } from './wait-for';

const COOKIE = 'session=abc123; theme=dark';
const REFERER = 'https://store.example/album/42';

let daemon: Aria2Daemon;
let files: GatedFileServer;
let aria2: Aria2Client;

beforeAll(async () => {
  daemon = await startAria2Daemon();
  files = await startGatedFileServer();
  aria2 = client(daemon.httpAddress, daemon.secret);
});
afterAll(async () => {
  await daemon?.stop();
  await files?.close();
});

function client(address: string, secret: string): Aria2Client {
  return createAria2Client({ address, secret, timeoutMs: 10_000 }, nodeAria2Ports());
}

const statusOf = (gid: string) => () => aria2.tellStatus(gid);
const is =
  (...statuses: Aria2Status['status'][]) =>
  (status: Aria2Status) =>
    statuses.includes(status.status);

describe('aria2 over HTTP', () => {
  it('getVersion says the version of the installed aria2c', async () => {
    const version = await aria2.getVersion();
    expect(version.version).toBe(installedAria2Version());
    expect(version.enabledFeatures).toContain('Message Digest');
  });

  it('a wrong secret is the unauthorized kind, which becomes an ERROR naming the secret', async () => {
    const error = await aria2Failure(client(daemon.httpAddress, 'wrong').getVersion());
    expect(error).toMatchObject({ kind: 'unauthorized', rpcCode: 1 });
    expect(aria2FailureToJobError(error, daemon.httpAddress)).toMatchObject({
      transient: false,
      error: { code: 'BG_E_ARIA2_ERROR', message: expect.stringContaining('"aria2 secret"') },
    });
  });

  it('a stopped daemon is the unreachable kind, which becomes a transient BG_E_CONNECT_FAILURE', async () => {
    const other = await startAria2Daemon('other-secret');
    const stopped = client(other.httpAddress, other.secret);
    expect((await stopped.getVersion()).version).toBe(installedAria2Version());
    await other.stop();
    const error = await aria2Failure(stopped.getVersion());
    expect(error.kind).toBe('unreachable');
    expect(error.message).toMatch(/ECONNREFUSED/);
    expect(aria2FailureToJobError(error, other.httpAddress)).toMatchObject({
      transient: true,
      error: { code: 'BG_E_CONNECT_FAILURE' },
    });
  });

  it('hands a file over with its Cookie and Referer: aria2 saves it, complete, with the right sha256', async () => {
    const file = files.add('/album/disc1.iso', {
      size: 3 * 1024 * 1024 + 17,
      cookie: COOKIE,
      referer: REFERER,
    });
    const [uris, options] = handOffOptions({
      url: files.url('/album/disc1.iso'),
      cookie: COOKIE,
      referer: REFERER,
      headers: { 'X-Client': 'webbits' },
      fileName: 'Disc 1.iso',
      sha256: file.sha256,
      connections: 4,
    });
    const gid = await aria2.addUri(uris, options);
    const done = await waitFor(statusOf(gid), is('complete', 'error'));
    expect(aria2StatusToJob(done)).toEqual({
      state: 'ACKNOWLEDGED',
      bytesTransferred: file.data.length,
      bytesTotal: file.data.length,
      speed: 0,
      localPath: join(daemon.dir, 'Disc 1.iso'),
      error: null,
    });
    const saved = await readFile(join(daemon.dir, 'Disc 1.iso'));
    expect(createHash('sha256').update(saved).digest('hex')).toBe(file.sha256);
    const asked = files.seen.filter((r) => r.path === '/album/disc1.iso');
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.every((r) => r.cookie === COOKIE && r.referer === REFERER && r.status === 200)).toBe(true);

    await aria2.removeDownloadResult(gid);
    expect(await aria2Failure(aria2.tellStatus(gid))).toMatchObject({ kind: 'not-found' });
  });

  it('a file refused without its Cookie becomes BG_E_HTTP_ERROR_403; a missing one BG_E_HTTP_ERROR_404', async () => {
    files.add('/album/private.bin', { size: 1000, cookie: COOKIE, referer: REFERER });
    const refused = await aria2.addUri(
      ...handOffOptions({ url: files.url('/album/private.bin'), connections: 1 }),
    );
    const missing = await aria2.addUri(
      ...handOffOptions({ url: files.url('/album/gone.bin'), connections: 1 }),
    );
    const refusedStatus = await waitFor(statusOf(refused), is('error', 'complete'));
    expect(aria2StatusToJob(refusedStatus).error).toMatchObject({
      code: 'BG_E_HTTP_ERROR_403',
      httpStatus: 403,
      context: 'remote-file',
    });
    const missingStatus = await waitFor(statusOf(missing), is('error', 'complete'));
    expect(aria2StatusToJob(missingStatus).error).toMatchObject({
      code: 'BG_E_HTTP_ERROR_404',
      httpStatus: 404,
    });
  });

  it('aria2 checks the sha256 it is given: a wrong one is BG_E_ARIA2_ERROR with its code 32', async () => {
    files.add('/album/bad-sum.bin', { size: 5000 });
    const gid = await aria2.addUri(
      ...handOffOptions({ url: files.url('/album/bad-sum.bin'), sha256: '0'.repeat(64), connections: 1 }),
    );
    const status = await waitFor(statusOf(gid), is('error', 'complete'));
    expect(status.errorCode).toBe(32);
    expect(aria2StatusToJob(status).error).toMatchObject({
      code: 'BG_E_ARIA2_ERROR',
      message: expect.stringMatching(/aria2 error 32: /),
    });
  });

  it("keeps a name with ../ inside aria2's folder", async () => {
    files.add('/album/escape.bin', { size: 100 });
    const [uris, options] = handOffOptions({
      url: files.url('/album/escape.bin'),
      fileName: '../escape.bin',
      connections: 1,
    });
    const gid = await aria2.addUri(uris, options);
    const done = await waitFor(statusOf(gid), is('complete', 'error'));
    expect(aria2StatusToJob(done).localPath).toBe(join(daemon.dir, '_escape.bin'));
    expect(await readdir(dirname(daemon.dir))).toEqual(['downloads']);
  });

  it('pause and unpause show in tellStatus; remove, then removeDownloadResult forgets it', async () => {
    files.add('/album/slow.bin', { size: 4 * 1024 * 1024, bytesPerSecond: 256 * 1024 });
    const gid = await aria2.addUri(...handOffOptions({ url: files.url('/album/slow.bin'), connections: 1 }));
    await waitFor(statusOf(gid), (s) => s.status === 'active' && (s.completedLength ?? 0) > 0);

    expect(await aria2.pause(gid)).toBe(gid);
    const paused = await waitFor(statusOf(gid), is('paused'));
    expect(aria2StatusToJob(paused)).toMatchObject({ state: 'SUSPENDED', speed: 0 });
    const held = paused.completedLength ?? 0;

    expect(await aria2.unpause(gid)).toBe(gid);
    const resumed = await waitFor(
      statusOf(gid),
      (s) => s.status === 'active' && (s.completedLength ?? 0) > held,
    );
    expect(aria2StatusToJob(resumed).state).toBe('TRANSFERRING');

    expect(await aria2.remove(gid)).toBe(gid);
    const removed = await waitFor(statusOf(gid), is('removed'));
    expect(aria2StatusToJob(removed).state).toBe('CANCELLED');
    await aria2.removeDownloadResult(gid);
    expect(await aria2Failure(aria2.tellStatus(gid))).toMatchObject({ kind: 'not-found' });
    expect(await aria2Failure(aria2.pause(gid))).toMatchObject({ kind: 'not-found' });
  });
});
