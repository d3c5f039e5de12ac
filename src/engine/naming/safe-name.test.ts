import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isBlankComponent, joinSafePath, sanitizeComponent, sanitizeFolderPath } from './safe-name';
import {
  componentProblems,
  hostileString,
  pathSafetyProblems,
} from '../../../test/engine/support/safe-path-oracle';

describe('sanitizeComponent', () => {
  it('replaces control characters and < > : " / \\ | ? * with _', () => {
    expect(sanitizeComponent('a<b>c:d"e/f\\g|h?i*j')).toBe('a_b_c_d_e_f_g_h_i_j');
    expect(sanitizeComponent('tab\there\u0000nul\u001fus\u007fdel')).toBe('tab_here_nul_us_del');
  });

  it('removes spaces and dots at both ends, keeping those inside', () => {
    expect(sanitizeComponent('  ..Live. 1999 .. ')).toBe('Live. 1999');
    expect(sanitizeComponent('song.mp3.')).toBe('song.mp3');
  });

  it('turns a name that is empty, ".", ".." or only dots and spaces into _', () => {
    for (const raw of ['', '.', '..', '...', ' . . ', '   ']) expect(sanitizeComponent(raw)).toBe('_');
  });

  it('appends _ to the base of a Windows reserved name, with any case and any extension', () => {
    expect(sanitizeComponent('CON')).toBe('CON_');
    expect(sanitizeComponent('con.txt')).toBe('con_.txt');
    expect(sanitizeComponent('Nul.tar.gz')).toBe('Nul_.tar.gz');
    expect(sanitizeComponent('lpt9.mp3')).toBe('lpt9_.mp3');
    expect(sanitizeComponent('COM1')).toBe('COM1_');
    expect(sanitizeComponent('AUX .txt')).toBe('AUX_ .txt');
    expect(sanitizeComponent('prn')).toBe('prn_');
  });

  it('leaves names that only resemble reserved ones', () => {
    for (const raw of ['CONTENT.txt', 'COM10', 'com0.mp3', 'null', 'console', 'LPT']) {
      expect(sanitizeComponent(raw)).toBe(raw);
    }
  });

  it('also avoids what Chromium refuses to write: ~, format characters, shell names, shortcuts', () => {
    expect(sanitizeComponent('a~1.mp3')).toBe('a_1.mp3');
    expect(sanitizeComponent('evil\u202egpj.exe')).toBe('evil_gpj.exe');
    expect(sanitizeComponent('\u00a0name\u3000')).toBe('name');
    expect(sanitizeComponent('desktop.ini')).toBe('desktop_.ini');
    expect(sanitizeComponent('shortcut.lnk')).toBe('shortcut_lnk');
    expect(sanitizeComponent('x.{21EC2020-3AEA-1069-A2DD-08002B30309D}')).toBe(
      'x_{21EC2020-3AEA-1069-A2DD-08002B30309D}',
    );
  });

  it('replaces lone surrogates and noncharacters but keeps characters outside the BMP', () => {
    expect(sanitizeComponent('a\ud800b\udc00c')).toBe('a_b_c');
    expect(sanitizeComponent('😀 \ufffe\u{10ffff}\ufdd0 𝄞')).toBe('😀 ___ 𝄞');
  });

  it('cuts a long name to 120 units, keeping its extension', () => {
    const cut = sanitizeComponent(`${'a'.repeat(300)}.mp3`);
    expect(cut).toBe(`${'a'.repeat(116)}.mp3`);
    expect(sanitizeComponent('b'.repeat(121))).toBe('b'.repeat(120));
    expect(sanitizeComponent(`${'c'.repeat(200)}.not an extension`)).toBe('c'.repeat(120));
  });

  it('never splits a surrogate pair when cutting', () => {
    const cut = sanitizeComponent(`x${'😀'.repeat(100)}.flac`);
    expect(cut).toBe(`x${'😀'.repeat(57)}.flac`);
    expect(cut.length).toBe(120);
    expect(sanitizeComponent('😀'.repeat(61))).toBe('😀'.repeat(60));
    expect(sanitizeComponent(`a${'😀'.repeat(60)}`)).toBe(`a${'😀'.repeat(59)}`);
  });

  it('trims what a cut leaves at the end and re-checks a reserved name the cut exposes', () => {
    expect(sanitizeComponent(`${'d'.repeat(119)} e`)).toBe('d'.repeat(119));
    expect(sanitizeComponent(`CON${' '.repeat(200)}x.mp3`)).toBe('CON_.mp3');
  });

  it('always gives a safe component, and the same one when applied again', () => {
    fc.assert(
      fc.property(hostileString, (raw) => {
        const safe = sanitizeComponent(raw);
        expect(componentProblems(safe)).toEqual([]);
        expect(sanitizeComponent(safe)).toBe(safe);
      }),
      { numRuns: 2000 },
    );
  });

  it('changes nothing in a name that is already fine', () => {
    for (const raw of ['03 Opening Night.mp3', 'Ünïcödé ✓.flac', 'a&b%c[1];e=f+g,h.txt', '_']) {
      expect(sanitizeComponent(raw)).toBe(raw);
    }
  });
});

describe('isBlankComponent', () => {
  it('is true only for names of spaces and dots', () => {
    expect(['', ' ', '..', ' . '].map(isBlankComponent)).toEqual([true, true, true, true]);
    expect(['_', 'a', '. a .'].map(isBlankComponent)).toEqual([false, false, false]);
  });
});

describe('joinSafePath', () => {
  it('makes each component safe, drops none, and joins them with /', () => {
    expect(joinSafePath(['a/b', '..', '', 'c.txt'])).toBe('a_b/_/_/c.txt');
  });

  it('puts the components under the cleaned base folder, which may be empty', () => {
    expect(joinSafePath(['x.mp3'], '')).toBe('x.mp3');
    expect(joinSafePath(['x.mp3'], '/Music\\Store/')).toBe('Music/Store/x.mp3');
  });

  it('never yields a path that escapes its base or breaks a rule', () => {
    fc.assert(
      fc.property(
        fc.array(hostileString, { minLength: 1, maxLength: 5 }),
        hostileString,
        (components, base) => {
          const safeBase = sanitizeFolderPath(base);
          const path = joinSafePath(components, base);
          expect(pathSafetyProblems(path, safeBase)).toEqual([]);
          expect(path.split('/')).toHaveLength(
            components.length + (safeBase === '' ? 0 : safeBase.split('/').length),
          );
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('sanitizeFolderPath', () => {
  it('splits on / and \\, drops empty and dot-only parts, and cleans the rest', () => {
    expect(sanitizeFolderPath('')).toBe('');
    expect(sanitizeFolderPath('/')).toBe('');
    expect(sanitizeFolderPath('Music')).toBe('Music');
    expect(sanitizeFolderPath('\\\\server\\share//x/')).toBe('server/share/x');
    expect(sanitizeFolderPath('../../etc/./passwd')).toBe('etc/passwd');
    expect(sanitizeFolderPath('C:\\Users\\me')).toBe('C_/Users/me');
    expect(sanitizeFolderPath('store/CON/ music. ')).toBe('store/CON_/music');
  });

  it('is always a safe relative path, or empty', () => {
    fc.assert(
      fc.property(hostileString, (raw) => {
        const folder = sanitizeFolderPath(raw);
        if (folder !== '') expect(pathSafetyProblems(folder)).toEqual([]);
      }),
      { numRuns: 1000 },
    );
  });
});
