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
