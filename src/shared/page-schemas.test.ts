import { describe, expect, it } from 'vitest';
import { checkPageArgs, readPageRequest } from './page-schemas';

describe('page request schemas', () => {
  it('reads a well-formed request and nothing else', () => {
    expect(readPageRequest({ kind: 'request', id: 3, method: 'getJobs', args: null })).toEqual({
      kind: 'request',
      id: 3,
      method: 'getJobs',
      args: null,
    });
    for (const bad of [
      null,
      'getJobs',
      { kind: 'request', id: -1, method: 'getJobs' },
      { kind: 'request', id: 1.5, method: 'getJobs' },
      { kind: 'request', id: 1, method: 'removeJob' },
      { kind: 'request', id: 1, method: '__proto__' },
      { kind: 'response', id: 1, method: 'getJobs' },
    ]) {
      expect(readPageRequest(bad), JSON.stringify(bad)).toBeNull();
    }
  });

  it('names the field of a malformed argument', () => {
    expect(() => checkPageArgs('getJob', { id: 7 })).toThrow(TypeError);
    expect(() => checkPageArgs('getJob', { id: 7 })).toThrow(/^id: /);
    expect(() =>
      checkPageArgs('startDownload', { collectionId: 0, url: 'https://a/', type: 'background' }),
    ).toThrow(/^collectionId: must not be 0/);
    expect(() =>
      checkPageArgs('startDownload', { collectionId: 2 ** 31, url: 'https://a/', type: 'background' }),
    ).toThrow(/^collectionId: /);
    expect(() => checkPageArgs('startDownload', { collectionId: 1, url: 'https://a/', type: 'now' })).toThrow(
      /^type: /,
    );
    expect(() => checkPageArgs('removeItem', { collectionId: 1, jobId: 'x'.repeat(101) })).toThrow(
      /^jobId: /,
    );
    expect(() => checkPageArgs('subscribe', null)).toThrow(/^request: /);
  });

  it('passes valid arguments through', () => {
    expect(
      checkPageArgs('startDownload', { collectionId: -5, url: 'https://a/x.mp3', type: 'real time' }),
    ).toEqual({
      collectionId: -5,
      url: 'https://a/x.mp3',
      type: 'real time',
    });
    expect(checkPageArgs('createJob', { init: { displayName: 'x' } })).toEqual({
      init: { displayName: 'x' },
    });
  });
});
