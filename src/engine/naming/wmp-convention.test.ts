import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { WmpInfo } from '../types';
import { formatWmpDescription, parseWmpDescription, plainDecimal, wmpItemInfo } from './wmp-convention';
import { SPEC_EXAMPLE_DESCRIPTION, SPEC_EXAMPLE_INFO } from '../../../test/engine/support/wmp-example';

const EXAMPLE = SPEC_EXAMPLE_DESCRIPTION;
const EXAMPLE_INFO = SPEC_EXAMPLE_INFO;

/** The example with one field (index 0 = serviceId … 7 = Rating) replaced. */
function withField(index: number, value: string, prefix = '::WMP_JOB:'): string {
  const fields = ['424242', 'Proseware', 'The Band', 'Live', '3', 'Opening Night', '215', '75'];
  fields[index] = value;
  return `${prefix}1:${fields.join(':')}`;
}

describe('parseWmpDescription', () => {
  it('reads the spec example', () => {
    expect(parseWmpDescription(EXAMPLE)).toEqual(EXAMPLE_INFO);
  });

  it('reads a WMP_STATUS job with empty optional fields', () => {
    expect(parseWmpDescription('::WMP_STATUS:1:-7:Store::::::')).toEqual({
      kind: 'status',
      serviceId: -7,
      provider: 'Store',
      albumArtist: '',
      albumTitle: '',
      trackNumber: null,
      title: '',
      duration: null,
      rating: null,
    });
  });

  it('returns null for plain descriptions', () => {
    for (const plain of [
      '',
      'Nightly backup',
      '::WMP_JOB',
      '::WMP_JOBS:1:1:P::::::',
      ' ::WMP_JOB:1:1:P::::::',
    ]) {
      expect(parseWmpDescription(plain)).toBeNull();
    }
  });

  it('accepts serviceId in signed or unsigned decimal or hex, stored as signed int32', () => {
    const cases: [string, number][] = [
      ['1', 1],
      ['-1', -1],
      ['4294967295', -1],
      ['0xFFFFFFFF', -1],
      ['0x7fffffff', 2147483647],
      ['2147483648', -2147483648],
      ['-2147483648', -2147483648],
      ['0x80000000', -2147483648],
      ['007', 7],
    ];
    for (const [text, value] of cases) expect(parseWmpDescription(withField(0, text))?.serviceId).toBe(value);
  });

  it('rejects a serviceId that is zero, out of 32 bits or not a number, naming the field', () => {
    for (const text of [
      '0',
      '-0',
      '0x0',
      '4294967296',
      '-2147483649',
      '0x100000000',
      '',
      '+5',
      '12a',
      '0x',
      '1.0',
    ]) {
      expect(() => parseWmpDescription(withField(0, text))).toThrow(
        new TypeError(
          'description: WMP_JOB field serviceId must be a non-zero 32-bit integer (decimal or 0x hex)',
        ),
      );
    }
  });

  it('decodes only %3A (either case) and %25, in one pass', () => {
    const title = (text: string) => parseWmpDescription(withField(5, text))?.title;
    expect(title('a%3Ab%3ac')).toBe('a:b:c');
    expect(title('100%25')).toBe('100%');
    expect(title('%253A')).toBe('%3A');
    expect(title('%20%41 100% %')).toBe('%20%41 100% %');
  });

  it('rejects a raw ":" inside a field as a wrong number of fields', () => {
    expect(() =>
      parseWmpDescription('::WMP_JOB:1:424242:Proseware:The Band:Live: 1999:3:Opening Night:215:75'),
    ).toThrow(/^description: WMP_JOB has 9 fields after the version, 8 expected .*%3A$/);
  });

  it('names the first missing field', () => {
    expect(() => parseWmpDescription('::WMP_JOB:1:424242:Proseware:The Band')).toThrow(
      new TypeError('description: WMP_JOB field AlbumTitle is missing (8 fields after the version expected)'),
    );
    expect(() => parseWmpDescription('::WMP_STATUS:1')).toThrow(
      /^description: WMP_STATUS field serviceId is missing/,
    );
  });

  it('requires version 1', () => {
    for (const description of ['::WMP_JOB:', '::WMP_JOB:2:1:P::::::', '::WMP_JOB:01:1:P::::::']) {
      expect(() => parseWmpDescription(description)).toThrow(
        new TypeError('description: WMP_JOB field version must be 1'),
      );
    }
  });

  it('requires a non-empty Provider', () => {
    expect(() => parseWmpDescription(withField(1, ''))).toThrow(
      new TypeError('description: WMP_JOB field Provider must not be empty'),
    );
  });

  it('reads TrackNumber as an integer >= 0 or empty', () => {
    expect(parseWmpDescription(withField(4, '0'))?.trackNumber).toBe(0);
    expect(parseWmpDescription(withField(4, '012'))?.trackNumber).toBe(12);
    expect(parseWmpDescription(withField(4, ''))?.trackNumber).toBeNull();
    for (const text of ['-1', '1.5', ' 3', 'three', '1e2', '99999999999999999999']) {
      expect(() => parseWmpDescription(withField(4, text))).toThrow(
        new TypeError('description: WMP_JOB field TrackNumber must be an integer >= 0'),
      );
    }
  });

  it('reads Duration as seconds, integer or decimal, or empty', () => {
    expect(parseWmpDescription(withField(6, '215.5'))?.duration).toBe(215.5);
    expect(parseWmpDescription(withField(6, '0.25'))?.duration).toBe(0.25);
    expect(parseWmpDescription(withField(6, ''))?.duration).toBeNull();
    for (const text of ['-1', '1.', '.5', '1e3', 'NaN', '1,5', '9'.repeat(400)]) {
      expect(() => parseWmpDescription(withField(6, text))).toThrow(
        new TypeError(
          'description: WMP_JOB field Duration must be a number of seconds >= 0 (integer or decimal)',
        ),
      );
    }
  });

  it('reads Rating as an integer from 0 to 99, or empty', () => {
    for (const value of [0, 1, 25, 50, 75, 99]) {
      expect(parseWmpDescription(withField(7, String(value)))?.rating).toBe(value);
    }
    expect(parseWmpDescription(withField(7, ''))?.rating).toBeNull();
    for (const text of ['100', '-1', '5.0', 'x']) {
      expect(() => parseWmpDescription(withField(7, text))).toThrow(
        new TypeError('description: WMP_JOB field Rating must be an integer from 0 to 99'),
      );
    }
  });

  it('accepts 1024 characters and rejects 1025', () => {
    const head = withField(5, '');
    const atLimit = withField(5, 'x'.repeat(1024 - head.length));
    expect(atLimit).toHaveLength(1024);
    expect(parseWmpDescription(atLimit)?.title).toHaveLength(1024 - head.length);
    expect(() => parseWmpDescription(withField(5, 'x'.repeat(1025 - head.length)))).toThrow(
      new TypeError('description: WMP_JOB string is 1025 characters long; at most 1024 are allowed'),
    );
  });
});

describe('formatWmpDescription', () => {
  it('writes the spec example back exactly', () => {
    expect(formatWmpDescription(EXAMPLE_INFO)).toBe(EXAMPLE);
  });

  it('writes the normal form: upper-case escapes, signed decimal id, canonical numbers', () => {
    const spelled = '::WMP_STATUS:1:0xFFFFFFFE:A%3aB:100%:%25x:007:t:215.50:05';
    expect(formatWmpDescription(parseWmpDescription(spelled) as WmpInfo)).toBe(
      '::WMP_STATUS:1:-2:A%3AB:100%25:%25x:7:t:215.5:5',
    );
  });

  it('spells every duration without an exponent', () => {
    expect(plainDecimal(1e21)).toBe('1000000000000000000000');
    expect(plainDecimal(1.5e-7)).toBe('0.00000015');
    expect(plainDecimal(123.25)).toBe('123.25');
    expect(plainDecimal(2.5e25)).toBe('25000000000000000000000000');
  });

  it('refuses an info that no description could carry', () => {
    const bad: [Partial<WmpInfo>, RegExp][] = [
      [{ serviceId: 0 }, /serviceId/],
      [{ serviceId: 2 ** 31 }, /serviceId/],
      [{ serviceId: 1.5 }, /serviceId/],
      [{ provider: '' }, /provider/],
      [{ trackNumber: -1 }, /trackNumber/],
      [{ duration: Number.NaN }, /duration/],
      [{ duration: Infinity }, /duration/],
      [{ rating: 100 }, /rating/],
    ];
    for (const [change, message] of bad) {
      expect(() => formatWmpDescription({ ...EXAMPLE_INFO, ...change })).toThrow(message);
    }
  });
});

/** Text made of characters that matter to the grammar, plus anything else. */
const fieldText = fc.string({
  unit: fc.oneof(
    fc.constantFrom(':', '%', '3', 'A', 'a', '2', '5', ' '),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  ),
  maxLength: 30,
});

/** One text field spelled with escapes in random case, and its normal form. */
const spelledText = fc.tuple(fieldText, fc.infiniteStream(fc.boolean())).map(([text, lowerCase]) => ({
  text,
  spelled: text.replace(/[%:]/g, (char) => (char === '%' ? '%25' : lowerCase.next().value ? '%3a' : '%3A')),
  normal: text.replace(/[%:]/g, (char) => (char === '%' ? '%25' : '%3A')),
}));

const zeros = fc.integer({ min: 0, max: 3 }).map((count) => '0'.repeat(count));

const spelledServiceId = fc
  .tuple(
    fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }).filter((n) => n !== 0),
    fc.nat(2),
    zeros,
    fc.boolean(),
  )
  .map(([value, form, leading, upper]) => {
    const unsigned = value >>> 0;
    const hex = unsigned.toString(16);
    const spelled = [
      value < 0 ? `-${leading}${-value}` : `${leading}${value}`,
      `${leading}${unsigned}`,
      `0x${leading}${upper ? hex.toUpperCase() : hex}`,
    ][form] as string;
    return { value, spelled, normal: String(value) };
  });

const spelledOptionalInteger = (max: number) =>
  fc.option(
    fc.tuple(fc.integer({ min: 0, max }), zeros).map(([value, leading]) => ({
      spelled: `${leading}${value}`,
      normal: String(value),
    })),
  );

/** Durations up to 10^9 with at most 6 decimals: String() spells these without an exponent. */
const spelledDuration = fc.option(
  fc
    .tuple(fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 0, max: 999999 }), zeros)
    .map(([whole, micro, trailing]) => {
      const fraction = String(micro).padStart(6, '0').replace(/0+$/, '');
      const spelled = fraction === '' ? String(whole) : `${whole}.${fraction}${trailing}`;
      return { spelled, normal: String(Number(spelled)) };
    }),
);

describe('round trips', () => {
  it('format(parse(s)) is s in normal form, for generated valid strings', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('::WMP_JOB:', '::WMP_STATUS:'),
        spelledServiceId,
        spelledText.filter(({ text }) => text !== ''),
        fc.tuple(spelledText, spelledText, spelledText),
        spelledOptionalInteger(5000),
        spelledDuration,
        spelledOptionalInteger(99),
        (prefix, serviceId, provider, [artist, album, title], track, duration, rating) => {
          const pieces = [serviceId, provider, artist, album, track, title, duration, rating];
          const spelled = `${prefix}1:${pieces.map((piece) => piece?.spelled ?? '').join(':')}`;
          const normal = `${prefix}1:${pieces.map((piece) => piece?.normal ?? '').join(':')}`;
          fc.pre(spelled.length <= 1024);
          const info = parseWmpDescription(spelled);
          expect(info).not.toBeNull();
          expect(formatWmpDescription(info as WmpInfo)).toBe(normal);
          expect(info?.provider).toBe(provider.text);
          expect(info?.title).toBe(title.text);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('parse(format(info)) deep-equals info, for generated WmpInfo', () => {
    const text = fc.string({ unit: 'binary', maxLength: 40 });
    const info = fc.record({
      kind: fc.constantFrom('job' as const, 'status' as const),
      serviceId: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }).filter((n) => n !== 0),
      provider: fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }),
      albumArtist: text,
      albumTitle: text,
      trackNumber: fc.option(fc.maxSafeNat()),
      title: text,
      // `+ 0` turns -0 into 0: the grammar has no way to write -0.
      duration: fc.option(fc.double({ min: 0, noNaN: true, noDefaultInfinity: true }).map((d) => d + 0)),
      rating: fc.option(fc.integer({ min: 0, max: 99 })),
    });
    fc.assert(
      fc.property(info, (value) => {
        const description = formatWmpDescription(value);
        fc.pre(description.length <= 1024);
        expect(parseWmpDescription(description)).toEqual(value);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('wmpItemInfo', () => {
  it('answers the getItemInfo table', () => {
    const info = { ...EXAMPLE_INFO, duration: 215.5 };
    expect(wmpItemInfo(info, 'AlbumArtist')).toBe('The Band');
    expect(wmpItemInfo(info, 'Album')).toBe('Live: 1999');
    expect(wmpItemInfo(info, 'Title')).toBe('Opening Night');
    expect(wmpItemInfo(info, 'WM/TrackNumber')).toBe('3');
    expect(wmpItemInfo(info, 'Duration')).toBe('215.5');
    expect(wmpItemInfo(info, 'UserRating')).toBe('75');
    expect(wmpItemInfo(info, 'WM/Provider')).toBe('Proseware');
    for (const other of ['Artist', 'album', 'WM/AlbumArtist', '']) expect(wmpItemInfo(info, other)).toBe('');
  });

  it('answers empty text for missing numbers and for jobs outside the convention', () => {
    const info = { ...EXAMPLE_INFO, trackNumber: null, duration: null, rating: null };
    expect(['WM/TrackNumber', 'Duration', 'UserRating'].map((name) => wmpItemInfo(info, name))).toEqual([
      '',
      '',
      '',
    ]);
    expect(wmpItemInfo(null, 'Title')).toBe('');
  });
});
