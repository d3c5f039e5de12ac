/**
 * Path components safe to hand to `downloads.download` (files-on-disk.md "Making names safe").
 * Beyond the spec's rules, it also avoids what Chromium itself refuses as a download name
 * (base::i18n::IsFilenameLegal, net::IsSafePortablePathComponent): `~`, invisible format
 * characters, noncharacters, lone surrogates, Unicode spaces at either end, `.lnk`/`.local`
 * extensions and the shell's `desktop.ini`/`thumbs.db` — a name Chrome refuses fails the save.
 */
import { extensionOf } from './media-types';

export const MAX_COMPONENT_UNITS = 120;

/** U+1FFFE, U+1FFFF, … U+10FFFE, U+10FFFF: the last two code points of planes 1–16. */
const NONCHARACTERS_ABOVE_BMP = Array.from({ length: 16 }, (_, index) => {
  const plane = (index + 1).toString(16);
  return `\\u{${plane}fffe}\\u{${plane}ffff}`;
}).join('');

/**
 * Characters replaced by `_`: the spec's `< > : " / \ | ? *`; control (Cc) and format (Cf)
 * characters; Chromium's `~`; lone surrogates (Cs, which a `u` regexp matches only unpaired);
 * and the noncharacters U+FDD0–U+FDEF and U+xFFFE/U+xFFFF.
 */
const FORBIDDEN = new RegExp(
  `[<>:"/\\\\|?*~\\p{Cc}\\p{Cf}\\p{Cs}\\uFDD0-\\uFDEF\\uFFFE\\uFFFF${NONCHARACTERS_ABOVE_BMP}]`,
  'gu',
);
const TRIMMED_ENDS = /^[\p{White_Space}.]+|[\p{White_Space}.]+$/gu;

const RESERVED_BASES = new Set([
  'con',
  'prn',
  'aux',
  'nul',
  'clock$',
  ...[1, 2, 3, 4, 5, 6, 7, 8, 9, '¹', '²', '³'].flatMap((n) => [`com${n}`, `lpt${n}`]),
]);
/** Whole names the Windows shell gives a meaning to, which Chromium refuses to write. */
const RESERVED_WHOLE_NAMES = new Set(['desktop.ini', 'thumbs.db']);

/** Makes one path component safe; the result is never empty, `.`, `..` or over 120 units. */
export function sanitizeComponent(raw: string): string {
  let name = raw.replace(FORBIDDEN, '_');
  name = name.replace(TRIMMED_ENDS, '');
  if (name === '') return '_';
  // Each step below can undo another's work only once (a cut can expose a reserved base or a
  // `.lnk` ending), so repeating until nothing changes settles within a few rounds.
  for (let round = 0; round < 4; round += 1) {
    const next = truncate(avoidReservedName(avoidShellExtension(name)));
    if (next === name) break;
    name = next;
  }
  return name;
}

/** True when nothing of `raw` would survive sanitizing but a `_`: it is only spaces and dots. */
export function isBlankComponent(raw: string): boolean {
  return raw.replace(TRIMMED_ENDS, '') === '';
}

/**
 * Joins components with `/`, each made safe and none dropped (an empty one becomes `_`), under
 * an optional base folder that is cleaned by sanitizeFolderPath and may be empty.
 */
export function joinSafePath(components: readonly string[], baseFolder = ''): string {
  const base = sanitizeFolderPath(baseFolder);
  const tail = components.map(sanitizeComponent);
  return (base === '' ? tail : [base, ...tail]).join('/');
}

/**
 * The options' download folder as a safe relative path: split on `/` and `\`, parts that are
 * empty or only spaces and dots (``, ` `, `.`, `..`) dropped, the rest made safe. '' = Downloads.
 */
export function sanitizeFolderPath(raw: string): string {
  return raw
    .split(/[/\\]/)
    .filter((part) => !isBlankComponent(part))
    .map(sanitizeComponent)
    .join('/');
}

/** `CON.txt` → `CON_.txt`: `_` goes right after the device name, before any dot. */
function avoidReservedName(name: string): string {
  const firstDot = name.indexOf('.');
  const base = firstDot === -1 ? name : name.slice(0, firstDot);
  // Windows ignores spaces between a device name and its extension (`CON .txt` is CON too).
  const device = base.replace(/ +$/, '');
  if (RESERVED_BASES.has(device.toLowerCase()) || RESERVED_WHOLE_NAMES.has(name.toLowerCase())) {
    return `${device}_${name.slice(device.length)}`;
  }
  return name;
}

/** `x.lnk` → `x_lnk`: a shortcut extension Chromium refuses; the length stays the same. */
function avoidShellExtension(name: string): string {
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return name;
  const extension = name.slice(dot + 1).toLowerCase();
  const isShell = extension === 'lnk' || extension === 'local' || /^\{.*\}$/.test(extension);
  return isShell ? `${name.slice(0, dot)}_${name.slice(dot + 1)}` : name;
}

/**
 * Cuts to 120 UTF-16 units. A name with an extension (extensionOf: at most 16 letters or digits)
 * keeps it and loses the end of its base; any other name loses its end. The cut never splits a
 * surrogate pair, and spaces or dots it leaves at the end of the base are removed.
 */
function truncate(name: string): string {
  if (name.length <= MAX_COMPONENT_UNITS) return name;
  const extension = extensionOf(name);
  const suffix = extension === null ? '' : `.${extension}`;
  const base = cutAt(name.slice(0, name.length - suffix.length), MAX_COMPONENT_UNITS - suffix.length);
  return base.replace(/[\p{White_Space}.]+$/u, '') + suffix;
}

function cutAt(text: string, units: number): string {
  if (text.length <= units) return text;
  const last = text.charCodeAt(units - 1);
  const splitsPair = last >= 0xd800 && last <= 0xdbff;
  return text.slice(0, splitsPair ? units - 1 : units);
}
