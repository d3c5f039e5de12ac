import { describe, expect, it } from 'vitest';
import { Aria2Client, createAria2Client } from './aria2-client';
import { Aria2Error } from './aria2-error';
import { ScriptedTransport, aria2Failure, manualTimers } from './fake-transport.test-support';

const GID = '2089b05ecca3d829';
const client = (transport: ScriptedTransport) => new Aria2Client(transport, 's3cret');

/** The status of the manual's tellStatus example. */
const MANUAL_STATUS = {
  bitfield: '0000000000',
  completedLength: '901120',
  connections: '1',
  dir: '/downloads',
  downloadSpeed: '15158',
  files: [
    {
      index: '1',
      length: '34896138',
      completedLength: '34896138',
      path: '/downloads/file',
      selected: 'true',
      uris: [{ status: 'used', uri: 'http://example.org/file' }],
    },
  ],
  gid: GID,
  numPieces: '34',
  pieceLength: '1048576',
  status: 'active',
  totalLength: '34896138',
  uploadLength: '0',
  uploadSpeed: '0',
};

describe('Aria2Client calls', () => {
  it('puts token:<secret> first in every call, with the manual method names and their parameters', async () => {
    const transport = new ScriptedTransport()
      .result(GID)
      .result(GID)
      .result(GID)
      .result(GID)
      .result('OK')
      .result({ version: '1.36.0', enabledFeatures: ['HTTPS'] });
    const aria2 = client(transport);
    await aria2.addUri(['http://a/f', 'http://b/f'], { out: 'f', header: ['X-A: 1'] });
    await aria2.pause(GID);
    await aria2.unpause(GID);
    await aria2.remove(GID);
    await aria2.removeDownloadResult(GID);
    expect(await aria2.getVersion()).toEqual({ version: '1.36.0', enabledFeatures: ['HTTPS'] });
    expect(transport.requests).toEqual([
      {
        jsonrpc: '2.0',
        id: 1,
        method: 'aria2.addUri',
        params: ['token:s3cret', ['http://a/f', 'http://b/f'], { out: 'f', header: ['X-A: 1'] }],
      },
      { jsonrpc: '2.0', id: 2, method: 'aria2.pause', params: ['token:s3cret', GID] },
      { jsonrpc: '2.0', id: 3, method: 'aria2.unpause', params: ['token:s3cret', GID] },
      { jsonrpc: '2.0', id: 4, method: 'aria2.remove', params: ['token:s3cret', GID] },
      { jsonrpc: '2.0', id: 5, method: 'aria2.removeDownloadResult', params: ['token:s3cret', GID] },
      { jsonrpc: '2.0', id: 6, method: 'aria2.getVersion', params: ['token:s3cret'] },
    ]);
  });

  it('reads the manual example of tellStatus into numbers', async () => {
    const transport = new ScriptedTransport().result(MANUAL_STATUS);
    expect(await client(transport).tellStatus(GID)).toEqual({
      gid: GID,
      status: 'active',
      totalLength: 34896138,
      completedLength: 901120,
      downloadSpeed: 15158,
      connections: 1,
      dir: '/downloads',
      files: [
        {
          index: 1,
          path: '/downloads/file',
          length: 34896138,
          completedLength: 34896138,
          selected: true,
          uris: [{ status: 'used', uri: 'http://example.org/file' }],
        },
      ],
    });
    expect(transport.requests[0]?.params).toEqual(['token:s3cret', GID]);
  });

  it('always asks for gid and status when it asks for some keys', async () => {
    const transport = new ScriptedTransport().result({ gid: GID, status: 'paused', completedLength: '5' });
    const status = await client(transport).tellStatus(GID, ['completedLength', 'status']);
    expect(status).toEqual({ gid: GID, status: 'paused', completedLength: 5 });
    expect(transport.requests[0]?.params).toEqual([
      'token:s3cret',
      GID,
      ['gid', 'status', 'completedLength'],
    ]);
  });

  it('refuses a gid that is not one before sending anything', async () => {
    const transport = new ScriptedTransport();
    expect(() => client(transport).pause('../x')).toThrow(TypeError);
    expect(transport.requests).toEqual([]);
  });
});

describe('Aria2Client answers', () => {
  it('sorts aria2 errors: a wrong secret, an unknown gid, any other error with its code', async () => {
    const transport = new ScriptedTransport()
      .error(1, 'Unauthorized')
      .error(1, `GID ${GID} is not found`)
      .error(1, `GID#${GID} cannot be paused now`);
    const aria2 = client(transport);
    expect(await aria2Failure(aria2.getVersion())).toMatchObject({ kind: 'unauthorized', rpcCode: 1 });
    expect(await aria2Failure(aria2.tellStatus(GID))).toMatchObject({
      kind: 'not-found',
      message: `aria2: GID ${GID} is not found`,
    });
    expect(await aria2Failure(aria2.pause(GID))).toMatchObject({
      kind: 'rpc',
      rpcCode: 1,
      message: `aria2 error 1: GID#${GID} cannot be paused now`,
    });
  });

  it('turns a parse error answered with id null into an rpc error', async () => {
    const transport = new ScriptedTransport().reply(() => ({
      id: null,
      jsonrpc: '2.0',
      error: { code: -32700, message: 'Parse error.' },
    }));
    expect(await aria2Failure(client(transport).getVersion())).toMatchObject({
      kind: 'rpc',
      rpcCode: -32700,
    });
  });

  it.each([
    ['a number where the manual gives a string', { ...MANUAL_STATUS, totalLength: 34896138 }, /totalLength/],
    [
      'a size above MAX_SAFE_INTEGER',
      { ...MANUAL_STATUS, totalLength: '9007199254740993' },
      /must not exceed/,
    ],
    ['a negative size', { ...MANUAL_STATUS, completedLength: '-1' }, /completedLength/],
    ['a fraction', { ...MANUAL_STATUS, downloadSpeed: '1.5' }, /downloadSpeed/],
    ['an unknown status', { ...MANUAL_STATUS, status: 'seeding' }, /status/],
    ['a gid that is not 16 hex digits', { ...MANUAL_STATUS, gid: 'x' }, /gid/],
    ['files that is not an array', { ...MANUAL_STATUS, files: {} }, /files/],
    ['no answer at all', null, /tellStatus result/],
  ])('calls %s a bad answer', async (_what, result, message) => {
    const error = await aria2Failure(client(new ScriptedTransport().result(result)).tellStatus(GID));
    expect(error.kind).toBe('bad-answer');
    expect(error.message).toMatch(message);
  });

  it('calls a gid that is not one, a result other than OK, and a foreign id bad answers', async () => {
    const transport = new ScriptedTransport()
      .result(42)
      .result('NOT OK')
      .reply((request) => ({ jsonrpc: '2.0', id: request.id + 1, result: GID }))
      .reply(() => ({ jsonrpc: '2.0', id: 4 }))
      .reply(() => 'hello');
    const aria2 = client(transport);
    expect((await aria2Failure(aria2.addUri(['http://a/f']))).message).toMatch(/aria2.addUri result: /);
    expect((await aria2Failure(aria2.removeDownloadResult(GID))).kind).toBe('bad-answer');
    expect((await aria2Failure(aria2.pause(GID))).message).toMatch(/another request's id/);
    expect((await aria2Failure(aria2.pause(GID))).message).toMatch(/not a JSON-RPC answer/);
    expect((await aria2Failure(aria2.pause(GID))).message).toMatch(/not a JSON-RPC answer/);
  });

  it('passes transport errors on unchanged', async () => {
    const down = new Aria2Error('unreachable', 'aria2 at http://127.0.0.1:1/jsonrpc: cannot be reached');
    const transport = new ScriptedTransport().reply(() => {
      throw down;
    });
    expect(await aria2Failure(client(transport).getVersion())).toBe(down);
  });
});

describe('createAria2Client', () => {
  const timers = manualTimers();

  it('checks the address and needs the port its scheme uses', () => {
    expect(() => createAria2Client({ address: 'ftp://x/', secret: '' }, { timers })).toThrow(
      /^aria2 RPC address: /,
    );
    expect(() => createAria2Client({ address: 'http://x/jsonrpc', secret: '' }, { timers })).toThrow(
      /no fetch/,
    );
    expect(() => createAria2Client({ address: 'ws://x/jsonrpc', secret: '' }, { timers })).toThrow(
      /no WebSocket/,
    );
  });

  it('uses HTTP for http: and notifications only for ws:', () => {
    const fetch = () => Promise.reject(new Error('unused'));
    const http = createAria2Client({ address: 'http://x/jsonrpc', secret: '' }, { timers, fetch });
    expect(http.notifies).toBe(false);
    class NoSocket {
      readyState = 0;
      send(): void {}
      close(): void {}
      addEventListener(): void {}
    }
    const ws = createAria2Client({ address: 'ws://x/jsonrpc', secret: '' }, { timers, WebSocket: NoSocket });
    expect(ws.notifies).toBe(true);
  });
});
