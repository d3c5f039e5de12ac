import { describe, expect, it, vi } from 'vitest';
import { makeJob } from '../popup/job-fixture';
import { createSiteAccess, neededOrigins } from './site-access';
import { accessPattern } from '../shared/site-access';

const file = (url: string, completed = false) => ({
  url,
  name: null,
  localPath: null,
  bytesTotal: null,
  bytesTransferred: 0,
  completed,
});

describe('neededOrigins', () => {
  it('lists the origins of files still to fetch in jobs that are not final', () => {
    const jobs = [
      makeJob({
        id: 'a',
        state: 'QUEUED',
        files: [file('http://127.0.0.1:8080/a'), file('https://done.example/x', true)],
      }),
      makeJob({ id: 'b', state: 'ERROR', files: [file('https://cdn.example/b')] }),
      makeJob({ id: 'c', state: 'ACKNOWLEDGED', files: [file('https://old.example/c')] }),
      makeJob({ id: 'd', state: 'SUSPENDED', files: [file('http://127.0.0.1:8080/d')] }),
    ];
    expect(neededOrigins(jobs)).toEqual(['http://127.0.0.1:8080', 'https://cdn.example']);
  });
});

describe('accessPattern', () => {
  it('covers every port of the host, as match patterns do', () => {
    expect(accessPattern('http://127.0.0.1:8080')).toBe('http://127.0.0.1/*');
    expect(accessPattern('https://cdn.example')).toBe('https://cdn.example/*');
  });
});

describe('createSiteAccess', () => {
  it('tells the engine which origins lack access, only when that changes', async () => {
    let granted = new Set(['https://cdn.example/*']);
    const setBlocked = vi.fn();
    const access = createSiteAccess({
      permissions: { contains: async ({ origins }) => origins.every((o) => granted.has(o)) },
      jobs: () => [
        makeJob({
          id: 'a',
          state: 'QUEUED',
          files: [file('http://127.0.0.1:8080/a'), file('https://cdn.example/b')],
        }),
      ],
      setBlocked,
    });
    expect(await access.check()).toEqual(['http://127.0.0.1:8080']);
    expect(await access.check()).toEqual(['http://127.0.0.1:8080']);
    expect(setBlocked.mock.calls).toEqual([[['http://127.0.0.1:8080']]]);
    granted = new Set([...granted, 'http://127.0.0.1/*']);
    expect(await access.check()).toEqual([]);
    expect(setBlocked.mock.calls.at(-1)).toEqual([[]]);
  });

  it('blocks nothing where the browser has no permissions API', async () => {
    const setBlocked = vi.fn();
    const access = createSiteAccess({ permissions: undefined, jobs: () => [], setBlocked });
    expect(await access.check()).toEqual([]);
    expect(setBlocked).not.toHaveBeenCalled();
  });
});
