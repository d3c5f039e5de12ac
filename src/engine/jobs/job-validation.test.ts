import { describe, expect, it } from 'vitest';
import { checkJobQuota, LIMITS, validateFiles, validateJobInit } from './job-validation';
import { DEFAULT_SETTINGS } from '../types';

const url = 'https://cdn.example/a.bin';
const validate = (init: unknown, owner = 'https://shop.example') =>
  validateJobInit(owner, init, DEFAULT_SETTINGS);

function failure(fn: () => unknown): { name: string; message: string } {
  try {
    fn();
  } catch (e) {
    return { name: (e as Error).name, message: (e as Error).message };
  }
  throw new Error('expected a failure');
}

describe('validateJobInit', () => {
  it('fills in the defaults', () => {
    const v = validate({ displayName: 'x', files: [{ url }] });
    expect(v).toMatchObject({
      priority: 'normal',
      description: '',
      minimumRetryDelay: 600,
      noProgressTimeout: 1_209_600,
      autoComplete: true,
      headers: {},
      wmp: null,
      files: [{ url, name: null, sha256: null }],
    });
  });

  it('gives jobs owned by "user" the retry delay from the settings', () => {
    expect(validate({ displayName: 'x', files: [{ url }] }, 'user').minimumRetryDelay).toBe(60);
    const settings = { ...DEFAULT_SETTINGS, userRetryDelay: 30 };
    expect(validateJobInit('user', { displayName: 'x', files: [{ url }] }, settings).minimumRetryDelay).toBe(
      30,
    );
    expect(
      validate({ displayName: 'x', files: [{ url }], minimumRetryDelay: 7 }, 'user').minimumRetryDelay,
    ).toBe(7);
  });

  it('names the file whose URL is not http(s)', () => {
    const files = [{ url }, { url }, { url: 'ftp://old.example/x' }];
    expect(failure(() => validate({ displayName: 'x', files }))).toEqual({
      name: 'TypeError',
      message: 'files[2].url: only http and https URLs can be downloaded',
    });
    expect(failure(() => validate({ displayName: 'x', files: [{ url: 'not a url' }] })).message).toMatch(
      /^files\[0\]\.url:/,
    );
  });

  it('limits URLs to 2200 characters', () => {
    const long = 'https://a.example/' + 'x'.repeat(LIMITS.urlChars);
    expect(failure(() => validate({ displayName: 'x', files: [{ url: long }] }))).toMatchObject({
      name: 'TypeError',
      message: expect.stringMatching(/^files\[0\]\.url: .*2200/),
    });
    const exact = 'https://a.example/' + 'x'.repeat(LIMITS.urlChars - 18);
    expect(validate({ displayName: 'x', files: [{ url: exact }] }).files[0]?.url).toBe(exact);
  });

  it('limits display name and description lengths with BG_E_STRING_TOO_LONG', () => {
    expect(validate({ displayName: 'n'.repeat(256), files: [] }).displayName).toHaveLength(256);
    expect(failure(() => validate({ displayName: 'n'.repeat(257), files: [] })).name).toBe(
      'BG_E_STRING_TOO_LONG',
    );
    expect(failure(() => validate({ displayName: '', files: [] }))).toMatchObject({ name: 'TypeError' });
    expect(validate({ displayName: 'x', description: 'd'.repeat(1024), files: [] }).description).toHaveLength(
      1024,
    );
    expect(failure(() => validate({ displayName: 'x', description: 'd'.repeat(1025), files: [] })).name).toBe(
      'BG_E_STRING_TOO_LONG',
    );
  });

  it('allows 200 files and refuses 201 with BG_E_TOO_MANY_FILES_IN_JOB', () => {
    const files = (n: number) => Array.from({ length: n }, () => ({ url }));
    expect(validate({ displayName: 'x', files: files(200) }).files).toHaveLength(200);
    expect(failure(() => validate({ displayName: 'x', files: files(201) })).name).toBe(
      'BG_E_TOO_MANY_FILES_IN_JOB',
    );
    expect(failure(() => validateFiles(files(2), 199)).name).toBe('BG_E_TOO_MANY_FILES_IN_JOB');
  });

  it('accepts plain file names only', () => {
    expect(validate({ displayName: 'x', files: [{ url, name: 'a.txt' }] }).files[0]?.name).toBe('a.txt');
    for (const name of ['../a', 'dir/a', 'dir\\a', '', '..']) {
      expect(failure(() => validate({ displayName: 'x', files: [{ url, name }] }))).toMatchObject({
        name: 'TypeError',
        message: expect.stringMatching(/^files\[0\]\.name:/),
      });
    }
  });

  it('accepts a sha256 of 64 hex digits, lower-cased', () => {
    const sha = 'AB'.repeat(32);
    expect(validate({ displayName: 'x', files: [{ url, sha256: sha }] }).files[0]?.sha256).toBe(
      sha.toLowerCase(),
    );
    expect(failure(() => validate({ displayName: 'x', files: [{ url, sha256: 'abc' }] })).message).toMatch(
      /^files\[0\]\.sha256:/,
    );
  });

  it('refuses forbidden and oversized headers', () => {
    expect(validate({ displayName: 'x', files: [], headers: { 'X-Store-Token': 't' } }).headers).toEqual({
      'X-Store-Token': 't',
    });
    // A page's headers never carry credentials (job-model.md, "Credentials").
    for (const name of [
      'Authorization',
      'authorization',
      'Cookie',
      'host',
      'Origin',
      'Referer',
      'Sec-Fetch-Mode',
      'Proxy-Authorization',
      'Range',
    ]) {
      expect(
        failure(() => validate({ displayName: 'x', files: [], headers: { [name]: 'v' } })),
      ).toMatchObject({
        name: 'TypeError',
        message: expect.stringContaining(`headers.${name}`),
      });
    }
    const big = { 'X-Big': 'v'.repeat(16 * 1024) };
    expect(failure(() => validate({ displayName: 'x', files: [], headers: big })).name).toBe('TypeError');
    expect(
      failure(() => validate({ displayName: 'x', files: [], headers: { 'X-A': 'a\r\nB: c' } })).name,
    ).toBe('TypeError');
  });

  it('takes a Referer only for jobs the person starts', () => {
    expect(validate({ displayName: 'x', files: [] }).referrer).toBeNull();
    const user = validate({ displayName: 'x', files: [], referrer: 'https://site.example/page#top' }, 'user');
    expect(user.referrer).toBe('https://site.example/page#top');
    expect(
      failure(() => validate({ displayName: 'x', files: [], referrer: 'https://site.example/' })),
    ).toEqual({ name: 'TypeError', message: 'referrer: this field cannot be set by a page' });
    expect(
      failure(() => validate({ displayName: 'x', files: [], referrer: 'javascript:void 0' }, 'user')).message,
    ).toMatch(/^referrer: /);
  });

  it('checks the retry settings and the priority', () => {
    expect(validate({ displayName: 'x', files: [], minimumRetryDelay: 5 }).minimumRetryDelay).toBe(5);
    expect(failure(() => validate({ displayName: 'x', files: [], minimumRetryDelay: 4 })).message).toMatch(
      /^minimumRetryDelay:/,
    );
    expect(validate({ displayName: 'x', files: [], noProgressTimeout: 0 }).noProgressTimeout).toBe(0);
    expect(failure(() => validate({ displayName: 'x', files: [], noProgressTimeout: -1 })).message).toMatch(
      /^noProgressTimeout:/,
    );
    expect(failure(() => validate({ displayName: 'x', files: [], priority: 'urgent' })).message).toMatch(
      /^priority:/,
    );
    expect(validate({ displayName: 'x', files: [], priority: 'foreground' }).priority).toBe('foreground');
  });

  it('parses the WMP convention and allows one file per convention job', () => {
    const description = '::WMP_JOB:1:424242:Proseware:The Band:Live:3:Opening Night:215:75';
    const v = validate({ displayName: 'x', description, files: [{ url }] });
    expect(v.wmp).toMatchObject({ kind: 'job', serviceId: 424242, provider: 'Proseware' });
    expect(failure(() => validate({ displayName: 'x', description, files: [{ url }, { url }] })).name).toBe(
      'TypeError',
    );
    expect(
      failure(() => validate({ displayName: 'x', description: '::WMP_JOB:1:0:P', files: [{ url }] })).name,
    ).toBe('TypeError');
  });

  it('refuses the all-jobs scope as an owner', () => {
    expect(failure(() => validate({ displayName: 'x', files: [] }, '*')).name).toBe('TypeError');
  });

  it('refuses what is not an init object', () => {
    expect(failure(() => validate(null)).name).toBe('TypeError');
    expect(failure(() => validate({ displayName: 'x' })).message).toMatch(/^files:/);
  });
});

describe('checkJobQuota', () => {
  it('allows 1000 unfinished jobs per owner', () => {
    expect(() => checkJobQuota('o', 999)).not.toThrow();
    expect(failure(() => checkJobQuota('o', 1000)).name).toBe('BG_E_TOO_MANY_JOBS_PER_USER');
  });
});
