import { describe, expect, it } from 'vitest';
import { takePageBlobs } from './page-blobs';

const ids = () => {
  let n = 0;
  return () => `00000000-0000-4000-8000-00000000000${n++}`;
};

describe("a request's Blobs", () => {
  it('are replaced by references, the rest of the request kept as it was', () => {
    const blob = new Blob(['hello'], { type: 'text/plain' });
    const init = { displayName: 'u', type: 'upload', files: [{ url: 'https://up.example/x', data: blob }] };
    const found = takePageBlobs('createJob', { init }, ids());
    const ref = { staged: '00000000-0000-4000-8000-000000000000', size: 5, type: 'text/plain' };
    expect(found.blobs).toEqual([{ ref, blob }]);
    expect(found.args).toEqual({ init: { ...init, files: [{ url: 'https://up.example/x', data: ref }] } });
    expect(init.files[0]?.data).toBe(blob); // the page's object is not changed
  });

  it('leave requests without data alone', () => {
    const args = { init: { displayName: 'd', files: [{ url: 'https://a.example/1' }] } };
    expect(takePageBlobs('createJob', args, ids())).toEqual({ args, blobs: [] });
    expect(takePageBlobs('getJobs', null, ids())).toEqual({ args: null, blobs: [] });
  });

  it('refuse data that is not a Blob, and data given to addFiles, naming the field', () => {
    const forged = { staged: '00000000-0000-4000-8000-000000000009', size: 5, type: '' };
    const files = [{ url: 'https://a.example/1' }, { url: 'https://a.example/2', data: forged }];
    expect(() => takePageBlobs('createJob', { init: { files } }, ids())).toThrow(
      new TypeError('files[1].data: must be a Blob or File'),
    );
    expect(() =>
      takePageBlobs('addFiles', { id: 'j', files: [{ url: 'x', data: new Blob([]) }] }, ids()),
    ).toThrow(/^files\[0\]\.data: data is given to createJob only/);
  });
});
