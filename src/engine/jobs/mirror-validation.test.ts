import { describe, expect, it } from 'vitest';
import { validateFileUrlChange, validateJobInit } from './job-validation';
import { DEFAULT_SETTINGS } from '../types';

const url = 'https://cdn.example/a.bin';
const validate = (init: unknown) => validateJobInit('https://shop.example', init, DEFAULT_SETTINGS);

function failure(fn: () => unknown): { name: string; message: string } {
  try {
    fn();
  } catch (e) {
    return { name: (e as Error).name, message: (e as Error).message };
  }
  throw new Error('expected a failure');
}

describe('mirrors and transferPolicy in a JobInit', () => {
  it('defaults to no mirrors and the "always" policy', () => {
    expect(validate({ displayName: 'x', files: [{ url }] })).toMatchObject({
      transferPolicy: 'always',
      files: [{ url, mirrors: [] }],
    });
  });

  it('takes up to 8 http(s) mirrors, normalised like file URLs', () => {
    const mirrors = Array.from({ length: 8 }, (_, i) => `https://m${i}.example/a.bin`);
    const v = validate({ displayName: 'x', files: [{ url, mirrors: ['HTTP://Mirror.example/a.bin'] }] });
    expect(v.files[0]?.mirrors).toEqual(['http://mirror.example/a.bin']);
    expect(validate({ displayName: 'x', files: [{ url, mirrors }] }).files[0]?.mirrors).toHaveLength(8);
    expect(validate({ displayName: 'x', files: [{ url }], transferPolicy: 'unmetered' }).transferPolicy).toBe(
      'unmetered',
    );
  });

  it('refuses 9 mirrors, a non-http mirror, a long one, a non-array and an unknown policy, naming the field', () => {
    const nine = Array.from({ length: 9 }, (_, i) => `https://m${i}.example/a.bin`);
    expect(failure(() => validate({ displayName: 'x', files: [{ url, mirrors: nine }] }))).toEqual({
      name: 'TypeError',
      message: 'files[0].mirrors: at most 8 mirrors per file (9 given)',
    });
    expect(
      failure(() => validate({ displayName: 'x', files: [{ url, mirrors: ['data:,x'] }] })).message,
    ).toBe('files[0].mirrors[0]: only http and https URLs can be downloaded');
    const long = `https://m.example/${'a'.repeat(2200)}`;
    expect(failure(() => validate({ displayName: 'x', files: [{ url, mirrors: [long] }] })).message).toMatch(
      /^files\[0\]\.mirrors\[0\]: the URL is longer than 2200/,
    );
    expect(failure(() => validate({ displayName: 'x', files: [{ url, mirrors: url }] })).message).toBe(
      'files[0].mirrors: must be an array of URLs',
    );
    expect(
      failure(() => validate({ displayName: 'x', files: [{ url }], transferPolicy: 'cheap' })).message,
    ).toBe('transferPolicy: must be one of always, unmetered');
  });
});

describe('validateFileUrlChange', () => {
  it('takes an index of one of the files and an http(s) URL', () => {
    expect(validateFileUrlChange(1, url, 2)).toEqual({ fileIndex: 1, url });
  });

  it('names the field that is wrong', () => {
    expect(failure(() => validateFileUrlChange(2, url, 2)).message).toBe(
      'fileIndex: the job has no file 2 (it has 2)',
    );
    expect(failure(() => validateFileUrlChange(-1, url, 2)).message).toMatch(/^fileIndex: /);
    expect(failure(() => validateFileUrlChange('0', url, 2)).message).toBe(
      'fileIndex: must be a whole number',
    );
    expect(failure(() => validateFileUrlChange(0, 'ftp://a/b', 2))).toEqual({
      name: 'TypeError',
      message: 'url: only http and https URLs can be downloaded',
    });
  });
});
