import { describe, expect, it } from 'vitest';
import { parseApiRequest } from './background-schemas';
import { API_MESSAGE_KIND } from './api-messages';

const request = (method: string, input?: unknown) => ({ kind: API_MESSAGE_KIND, method, input });

describe('parseApiRequest', () => {
  it('accepts a well-formed request', () => {
    expect(
      parseApiRequest(request('addDownload', { url: 'https://a.example/x.bin', priority: 'high' })),
    ).toEqual({
      ok: true,
      method: 'addDownload',
      input: { url: 'https://a.example/x.bin', priority: 'high' },
    });
    expect(parseApiRequest(request('listJobs')).ok).toBe(true);
  });

  it('refuses unknown methods, unknown fields and out-of-range values, naming the method', () => {
    expect(parseApiRequest(request('deleteEverything')).ok).toBe(false);
    const extra = parseApiRequest(request('resume', { id: 'a', force: true }));
    expect(extra).toMatchObject({ ok: false, message: expect.stringContaining('resume') });
    expect(parseApiRequest(request('setPriority', { id: 'a', priority: 'urgent' })).ok).toBe(false);
    expect(parseApiRequest(request('setSettings', { connectionsPerFile: 17 })).ok).toBe(false);
    expect(parseApiRequest(request('setSettings', { userRetryDelay: 4 })).ok).toBe(false);
    expect(parseApiRequest(request('setSettings', { downloadFolder: '../outside' })).ok).toBe(false);
    expect(parseApiRequest(request('setSettings', { downloadFolder: '/etc' })).ok).toBe(false);
    expect(
      parseApiRequest(request('setSite', { origin: 'javascript:alert(1)', decision: 'allowed' })).ok,
    ).toBe(false);
  });

  it('accepts the settings the options page sends', () => {
    const parsed = parseApiRequest(
      request('setSettings', {
        backgroundBandwidthLimit: null,
        downloadFolder: 'Music/WebBITS',
        userRetryDelay: 5,
      }),
    );
    expect(parsed.ok).toBe(true);
  });

  it('refuses what is not a request at all', () => {
    expect(parseApiRequest(null).ok).toBe(false);
    expect(parseApiRequest({ kind: 'other', method: 'listJobs' }).ok).toBe(false);
  });
});

describe('aria2 settings', () => {
  const settings = (patch: object) => parseApiRequest(request('setSettings', patch));

  it('takes an http(s) or ws(s) address, empty for off, a secret and a mode', () => {
    for (const aria2Address of ['http://127.0.0.1:6800/jsonrpc', 'wss://nas.home/jsonrpc', '']) {
      expect(settings({ aria2Address }).ok).toBe(true);
    }
    expect(settings({ aria2Secret: 'p4ss word', aria2Send: 'start' }).ok).toBe(true);
  });

  it('refuses another scheme, a user name in the address, a control character in the secret, another mode', () => {
    expect(settings({ aria2Address: 'file:///etc/passwd' })).toMatchObject({ ok: false });
    expect(settings({ aria2Address: 'http://me:pw@nas/jsonrpc' })).toMatchObject({ ok: false });
    expect(settings({ aria2Secret: 'a\r\nX-Evil: 1' })).toMatchObject({ ok: false });
    expect(settings({ aria2Send: 'always' })).toMatchObject({ ok: false });
  });

  it('sendToAria2 takes a job id, testAria2 nothing', () => {
    expect(parseApiRequest(request('sendToAria2', { id: 'job-1' })).ok).toBe(true);
    expect(parseApiRequest(request('sendToAria2', { id: 'job-1', address: 'http://evil' })).ok).toBe(false);
    expect(parseApiRequest(request('testAria2')).ok).toBe(true);
  });
});
