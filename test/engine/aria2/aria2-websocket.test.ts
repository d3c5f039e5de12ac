/**
 * The client against a real aria2c over JSON-RPC on WebSocket, through NodeWebSocket (Node 20 has
 * no WebSocket without a flag): answers matched by id, and aria2's notifications.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAria2Client, type Aria2Client } from '../../../src/engine/aria2/aria2-client';
import type { Aria2Notification } from '../../../src/engine/aria2/aria2-schemas';
import { aria2Failure } from '../../../src/engine/aria2/fake-transport.test-support';
import { handOffOptions } from '../../../src/engine/aria2/hand-off-options';
import { installedAria2Version, nodeAria2Ports, startAria2Daemon, type Aria2Daemon } from './aria2-daemon';
import { startGatedFileServer, type GatedFileServer } from './gated-file-server';
import { waitFor } from './wait-for';

let daemon: Aria2Daemon;
let files: GatedFileServer;
let aria2: Aria2Client;
const heard: Aria2Notification[] = [];

beforeAll(async () => {
  daemon = await startAria2Daemon();
  files = await startGatedFileServer();
  aria2 = client(daemon.wsAddress, daemon.secret);
  aria2.subscribe((notification) => heard.push(notification));
});
afterAll(async () => {
  aria2?.close();
  await daemon?.stop();
  await files?.close();
});

function client(address: string, secret: string): Aria2Client {
  return createAria2Client({ address, secret, timeoutMs: 10_000 }, nodeAria2Ports());
}

const methodsFor = (gid: string) => heard.filter((n) => n.gid === gid).map((n) => n.method);
const hear = (gid: string, method: Aria2Notification['method']) =>
  waitFor(
    () => Promise.resolve(methodsFor(gid)),
    (methods) => methods.includes(method),
  );

describe('aria2 over WebSocket', () => {
  it('answers calls made together, each by its id', async () => {
    expect(aria2.notifies).toBe(true);
    const [version, again] = await Promise.all([aria2.getVersion(), aria2.getVersion()]);
    expect(version.version).toBe(installedAria2Version());
    expect(again).toEqual(version);
  });

  it('a wrong secret is the unauthorized kind here too', async () => {
    const wrong = client(daemon.wsAddress, 'wrong');
    expect(await aria2Failure(wrong.getVersion())).toMatchObject({ kind: 'unauthorized' });
    wrong.close();
  });

  it('notifies the start and the completion of a download', async () => {
    const file = files.add('/ws/done.bin', { size: 200_000 });
    const gid = await aria2.addUri(
      ...handOffOptions({ url: files.url('/ws/done.bin'), sha256: file.sha256, connections: 2 }),
    );
    expect(await hear(gid, 'aria2.onDownloadComplete')).toEqual([
      'aria2.onDownloadStart',
      'aria2.onDownloadComplete',
    ]);
    expect((await aria2.tellStatus(gid)).status).toBe('complete');
  });

  it('notifies a pause, and a stop when the download is removed', async () => {
    files.add('/ws/slow.bin', { size: 4 * 1024 * 1024, bytesPerSecond: 256 * 1024 });
    const gid = await aria2.addUri(...handOffOptions({ url: files.url('/ws/slow.bin'), connections: 1 }));
    await hear(gid, 'aria2.onDownloadStart');
    await aria2.pause(gid);
    await hear(gid, 'aria2.onDownloadPause');
    await aria2.unpause(gid);
    await waitFor(
      () => Promise.resolve(methodsFor(gid).filter((m) => m === 'aria2.onDownloadStart').length),
      (starts) => starts === 2,
    );
    await aria2.remove(gid);
    expect(await hear(gid, 'aria2.onDownloadStop')).toEqual([
      'aria2.onDownloadStart',
      'aria2.onDownloadPause',
      'aria2.onDownloadStart',
      'aria2.onDownloadStop',
    ]);
  });

  it('notifies an error', async () => {
    const gid = await aria2.addUri(...handOffOptions({ url: files.url('/ws/missing.bin'), connections: 1 }));
    await hear(gid, 'aria2.onDownloadError');
    expect((await aria2.tellStatus(gid)).errorCode).toBe(3);
  });

  it('a stopped daemon is the unreachable kind, before and after the connection opened', async () => {
    const other = await startAria2Daemon('other-secret');
    const connected = client(other.wsAddress, other.secret);
    await connected.getVersion();
    await other.stop();
    expect(await aria2Failure(connected.getVersion())).toMatchObject({ kind: 'unreachable' });
    const fresh = client(other.wsAddress, other.secret);
    expect(await aria2Failure(fresh.getVersion())).toMatchObject({ kind: 'unreachable' });
  });
});
