/**
 * An independent statement of files-on-disk.md "Making names safe", for property tests: what a
 * path under Downloads must never be, checked without the code that makes it so.
 */
import fc from 'fast-check';

/** Strings built to hit every rule: separators, dots, reserved names, controls, surrogates. */
export const hostileString = fc
  .array(
    fc.oneof(
      fc.string({ unit: 'binary', maxLength: 8 }),
      fc.constantFrom('..', '.', '/', '\\', ' ', '\u0000', '\u001f', '\u007f', '\t', '\n', ':', '~'),
      fc.constantFrom(
        'CON',
        'prn',
        'Aux',
        'nul',
        'COM1',
        'lpt9',
        'com¹',
        'desktop.ini',
        '.lnk',
        '.txt',
        '.mp3',
      ),
      fc.constantFrom(
        '\ud800',
        '\udfff',
        '😀',
        '\u200b',
        '\u202e',
        '\ufeff',
        '\ufffe',
        '\u{1fffe}',
        '\u00a0',
      ),
      fc.string({ unit: 'grapheme', minLength: 50, maxLength: 150 }),
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(''));

const FORBIDDEN_CHARS = /[\u0000-\u001f\u007f<>:"\\|?*]/; // eslint-disable-line no-control-regex
const RESERVED = /^(con|prn|aux|nul|com[1-9¹²³]|lpt[1-9¹²³])$/i;
const LONE_SURROGATE = /\p{Cs}/u;

/** Every way `path` breaks the rules; [] when it is safe. `base` is the folder it must stay in. */
export function pathSafetyProblems(path: string, base = ''): string[] {
  const problems: string[] = [];
  if (path.startsWith('/')) problems.push('absolute');
  if (base !== '' && !path.startsWith(`${base}/`)) problems.push(`outside base ${base}`);
  let depth = 0;
  for (const component of path.split('/')) {
    depth += component === '..' ? -1 : 1;
    if (depth < 0) problems.push('climbs out of Downloads');
    problems.push(
      ...componentProblems(component).map((problem) => `${JSON.stringify(component)}: ${problem}`),
    );
  }
  return problems;
}

export function componentProblems(component: string): string[] {
  const problems: string[] = [];
  if (component === '') problems.push('empty');
  if (component === '.' || component === '..') problems.push('dot component');
  if (FORBIDDEN_CHARS.test(component)) problems.push('forbidden character');
  if (LONE_SURROGATE.test(component)) problems.push('lone surrogate');
  if (/^[ .]|[ .]$/.test(component)) problems.push('space or dot at an end');
  const deviceName = (component.split('.')[0] ?? '').replace(/ +$/, '');
  if (RESERVED.test(deviceName)) problems.push('reserved name');
  if (component.length > 120) problems.push(`${component.length} units long`);
  return problems;
}
