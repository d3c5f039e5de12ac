import { describe, expect, it } from 'vitest';
import { checkPageJobInit } from './page-job-init';

const SHOP = 'https://shop.example';
const settings = { userRetryDelay: 600 };
const ref = { staged: '11111111-2222-4333-8444-555555555555', size: 3, type: 'text/plain' };

describe("a page's createJob init", () => {
  it("passes an upload's type and staged reference to the engine untouched", () => {
    const { init } = checkPageJobInit(
      SHOP,
      { displayName: 'Report', type: 'upload', files: [{ url: 'https://up.example/r', data: ref }] },
      settings,
    );
    expect(init.type).toBe('upload');
    expect(init.files).toEqual([{ url: 'https://up.example/r', data: ref }]);
  });

  it('keeps downloads as they were: no type, no data', () => {
    const { init } = checkPageJobInit(
      SHOP,
      { displayName: 'd', files: [{ url: 'https://a.example/1' }] },
      settings,
    );
    expect('type' in init).toBe(false);
    expect(init.files).toEqual([{ url: 'https://a.example/1' }]);
  });

  it('refuses bad upload fields, naming them', () => {
    const upload =
      (extra: object, files: unknown[] = [{ url: 'https://up.example/', data: ref }]) =>
      () =>
        checkPageJobInit(SHOP, { displayName: 'u', type: 'upload', files, ...extra }, settings);
    expect(upload({ type: 'sideload' })).toThrow(
      /^type: must be one of 'download', 'upload', 'upload-reply'/,
    );
    expect(upload({}, [])).toThrow(/^files: an upload has exactly one file/);
    expect(upload({}, [{ url: 'https://up.example/' }])).toThrow(/^files\[0\]\.data: /);
    expect(upload({}, [{ url: 'https://up.example/', data: { ...ref, staged: '../../backing' } }])).toThrow(
      /^files\[0\]\.data\.staged: /,
    );
    expect(upload({}, [{ url: 'https://up.example/', data: { ...ref, extra: 1 } }])).toThrow(
      /^files\[0\]\.data/,
    );
    expect(upload({ type: 'download' })).toThrow(/^files\[0\]\.data: only an upload's one file carries data/);
  });
});
