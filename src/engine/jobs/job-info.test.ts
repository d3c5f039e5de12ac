import { describe, expect, it } from 'vitest';
import { newFileRecord } from './engine-support';
import { storedBytes, toJobInfo } from './job-info';
import type { FileRecord, JobRecord } from '../ports';

const job: JobRecord = {
  id: 'j1',
  owner: 'https://shop.example',
  type: 'download',
  displayName: 'Album',
  description: '',
  priority: 'normal',
  state: 'TRANSFERRING',
  error: null,
  minimumRetryDelay: 600,
  noProgressTimeout: 1_209_600,
  autoComplete: true,
  created: 1,
  modified: 2,
  transferCompleted: null,
  wmp: null,
  collectionId: null,
  headers: { 'X-Secret': 'not shown' },
  referrer: null,
  aria2: null,
  fileCount: 2,
  seq: 1,
  queuedAt: 1,
  firstTransientErrorAt: null,
  retryAt: null,
};

function file(index: number, patch: Partial<FileRecord> = {}): FileRecord {
  return {
    ...newFileRecord('j1', index, { url: `https://cdn.example/${index}.bin`, name: null, sha256: null }),
    ...patch,
  };
}

describe('toJobInfo', () => {
  it('says "unknown" total until every size is known', () => {
    const info = toJobInfo(job, [file(0, { bytesTotal: 100 }), file(1)], [40, 5]);
    expect(info.progress).toEqual({
      bytesTotal: null,
      bytesTransferred: 45,
      filesTotal: 2,
      filesTransferred: 0,
    });
  });

  it('sums sizes and counts completed files whole, even once their chunks are gone', () => {
    const files = [
      file(0, { bytesTotal: 100, completed: true, localPath: 'a/0.bin' }),
      file(1, { bytesTotal: 50 }),
    ];
    const info = toJobInfo(job, files, [0, 20]);
    expect(info.progress).toEqual({
      bytesTotal: 150,
      bytesTransferred: 120,
      filesTotal: 2,
      filesTransferred: 1,
    });
    expect(info.files[0]).toEqual({
      url: 'https://cdn.example/0.bin',
      name: null,
      localPath: 'a/0.bin',
      bytesTotal: 100,
      bytesTransferred: 100,
      completed: true,
      mirrors: [],
    });
    expect(info.transferPolicy).toBe('always');
  });

  it('shows an empty job as 0 of 0 and keeps the headers private', () => {
    const info = toJobInfo({ ...job, fileCount: 0 }, []);
    expect(info.progress).toEqual({ bytesTotal: 0, bytesTransferred: 0, filesTotal: 0, filesTransferred: 0 });
    expect(JSON.stringify(info)).not.toContain('X-Secret');
    expect(info.times).toEqual({ created: 1, modified: 2, transferCompleted: null });
  });

  it("shows a user job's referrer, and no such field on other jobs", () => {
    expect(toJobInfo(job, [])).not.toHaveProperty('referrer');
    const user = { ...job, owner: 'user', referrer: 'https://site.example/page' };
    expect(toJobInfo(user, []).referrer).toBe('https://site.example/page');
  });
});

describe('storedBytes', () => {
  it('adds up what each segment holds', () => {
    const seg = (start: number, pos: number) => ({ jobId: 'j1', fileIndex: 0, start, end: null, pos });
    expect(storedBytes([seg(0, 10), seg(100, 150), seg(200, 200)])).toBe(60);
  });
});
