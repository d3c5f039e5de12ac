import { describe, expect, it } from 'vitest';
import { RequestLog } from './request-log';

const headers = (length: string | null, encoding?: string) => [
  ...(length === null ? [] : [{ name: 'Content-Length', value: length }]),
  ...(encoding ? [{ name: 'content-encoding', value: encoding }] : []),
];

describe('RequestLog', () => {
  it("remembers a tab's request, its method, its redirect hops and its announced size", () => {
    let now = 1000;
    const log = new RequestLog(() => now);
    log.noteRequest({ requestId: '1', url: 'https://a/go', method: 'GET', tabId: 3 });
    log.noteRequest({ requestId: '1', url: 'https://cdn/f.zip', method: 'GET', tabId: 3 });
    now = 1500;
    log.noteHeaders({ requestId: '1', statusCode: 200, responseHeaders: headers('2048') });
    expect(log.find(['https://a/go'])).toEqual({
      notGet: false,
      contentLength: 2048,
      answered: true,
      at: 1000,
    });
    expect(log.find([undefined, 'https://cdn/f.zip'])).toMatchObject({ contentLength: 2048 });
    expect(log.find(['https://elsewhere/'])).toBeNull();
  });

  it('marks a chain with a POST hop, and the newest request for a URL wins', () => {
    const log = new RequestLog();
    log.noteRequest({ requestId: '1', url: 'https://a/dl', method: 'GET', tabId: 3 });
    log.noteRequest({ requestId: '2', url: 'https://a/dl', method: 'POST', tabId: 3 });
    expect(log.find(['https://a/dl'])?.notGet).toBe(true);
    log.noteRequest({ requestId: '3', url: 'https://a/export', method: 'POST', tabId: 3 });
    log.noteRequest({ requestId: '3', url: 'https://a/export.csv', method: 'GET', tabId: 3 });
    expect(log.find(['https://a/export.csv'])?.notGet).toBe(true);
  });

  it('ignores requests without a tab (WebBITS itself) and sizes it cannot trust', () => {
    const log = new RequestLog();
    log.noteRequest({ requestId: '1', url: 'https://a/f', method: 'GET', tabId: -1 });
    expect(log.find(['https://a/f'])).toBeNull();
    log.noteRequest({ requestId: '2', url: 'https://a/g', method: 'GET', tabId: 1 });
    log.noteHeaders({ requestId: '2', statusCode: 200, responseHeaders: headers('10', 'gzip') });
    expect(log.find(['https://a/g'])).toMatchObject({ contentLength: null, answered: true });
    log.noteRequest({ requestId: '3', url: 'https://a/h', method: 'GET', tabId: 1 });
    log.noteHeaders({ requestId: '3', statusCode: 200, responseHeaders: headers(null) });
    expect(log.find(['https://a/h'])).toMatchObject({ contentLength: null, answered: true });
  });

  it('forgets requests after two minutes', () => {
    let now = 0;
    const log = new RequestLog(() => now);
    log.noteRequest({ requestId: '1', url: 'https://a/old', method: 'GET', tabId: 1 });
    now = 3 * 60_000;
    log.noteRequest({ requestId: '2', url: 'https://a/new', method: 'GET', tabId: 1 });
    expect(log.find(['https://a/old'])).toBeNull();
    expect(log.find(['https://a/new'])).not.toBeNull();
  });
});
