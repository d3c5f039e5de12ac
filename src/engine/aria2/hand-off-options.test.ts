import { describe, expect, it } from 'vitest';
import { handOffOptions } from './hand-off-options';

const SHA = 'A'.repeat(64);

describe('handOffOptions', () => {
  it('builds the addUri arguments from everything the job knows', () => {
    expect(
      handOffOptions({
        url: 'https://cdn.example/album/disc1.iso',
        mirrors: [
          'https://mirror.example/disc1.iso',
          'https://eu.cdn.example/disc1.iso',
          'https://cdn.example/album/disc1.iso',
        ],
        cookie: 'session=abc; theme=dark',
        referer: 'https://store.example/album',
        headers: { Authorization: 'Bearer t', 'X-Client': 'webbits' },
        fileName: 'Disc 1.iso',
        sha256: SHA,
        connections: 4,
      }),
    ).toEqual([
      // The cookie goes with every URI, so the mirror on another site stays behind.
      ['https://cdn.example/album/disc1.iso', 'https://eu.cdn.example/disc1.iso'],
      {
        header: ['Authorization: Bearer t', 'X-Client: webbits', 'Cookie: session=abc; theme=dark'],
        referer: 'https://store.example/album',
        out: 'Disc 1.iso',
        checksum: `sha-256=${'a'.repeat(64)}`,
        split: '4',
        'max-connection-per-server': '4',
      },
    ]);
  });

  it('carries every mirror when no cookie goes along', () => {
    const [uris] = handOffOptions({
      url: 'https://cdn.example/f.iso',
      mirrors: ['https://mirror.example/f.iso'],
      connections: 2,
    });
    expect(uris).toEqual(['https://cdn.example/f.iso', 'https://mirror.example/f.iso']);
  });

  it('leaves out what the job does not have', () => {
    expect(handOffOptions({ url: 'http://h/f', connections: 1 })).toEqual([
      ['http://h/f'],
      { split: '1', 'max-connection-per-server': '1' },
    ]);
    expect(
      handOffOptions({ url: 'http://h/f', cookie: '', referer: null, fileName: null, connections: 2 })[1],
    ).toEqual({ split: '2', 'max-connection-per-server': '2' });
  });

  it("keeps the name to one component inside aria2's folder", () => {
    const out = (fileName: string) => handOffOptions({ url: 'http://h/f', fileName, connections: 1 })[1].out;
    expect(out('../../etc/passwd')).toBe('_.._etc_passwd');
    expect(out('a\\b/c.txt')).toBe('a_b_c.txt');
    expect(out('..')).toBe('_');
  });

  it('refuses header injection, duplicated Cookie/Referer, bad URLs, a bad sha256 and odd connections', () => {
    const base = { url: 'http://h/f', connections: 4 };
    expect(() => handOffOptions({ ...base, cookie: 'a=1\r\nX-Evil: 1' })).toThrow(
      /^cookie: must not contain CR/,
    );
    expect(() => handOffOptions({ ...base, headers: { 'X-A': 'v\nw' } })).toThrow(/^headers.X-A: /);
    expect(() => handOffOptions({ ...base, headers: { 'Bad Name': 'v' } })).toThrow(/not a header name/);
    expect(() => handOffOptions({ ...base, headers: { cookie: 'a=1' } })).toThrow(/given by its own field/);
    expect(() => handOffOptions({ ...base, headers: { Referer: 'http://x/' } })).toThrow(
      /given by its own field/,
    );
    expect(() => handOffOptions({ ...base, url: 'ftp://h/f' })).toThrow(/^url: only http and https/);
    expect(() => handOffOptions({ ...base, mirrors: ['file:///etc/passwd'] })).toThrow(/^mirrors\[0\]: /);
    expect(() =>
      handOffOptions({ ...base, mirrors: Array.from({ length: 9 }, (_, i) => `http://m${i}/f`) }),
    ).toThrow(/^mirrors: at most 8/);
    expect(() => handOffOptions({ ...base, referer: '*' })).toThrow(/^referer: /);
    expect(() => handOffOptions({ ...base, sha256: 'abc' })).toThrow(/^sha256: /);
    for (const connections of [0, 17, 2.5, Number.NaN]) {
      expect(() => handOffOptions({ ...base, connections })).toThrow(/^connections: /);
    }
  });
});
