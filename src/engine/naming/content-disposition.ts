/**
 * The file name a server suggests in `Content-Disposition` (RFC 6266): `filename*` (RFC 8187,
 * formerly 5987) first, then `filename` as a quoted string or a token.
 */

/**
 * The suggested name, without any folders the server put in front of it (`../x.mp3` → `x.mp3`),
 * or null when there is none. Not yet safe for the disk: sanitizeComponent does that.
 */
export function filenameFromContentDisposition(header: string | null): string | null {
  if (header === null) return null;
  const parameters = parseParameters(header);
  const extended = parameters.get('filename*');
  const plain = parameters.get('filename');
  const candidates = [
    extended === undefined ? null : decodeExtendedValue(extended),
    plain === undefined ? null : repairUtf8(plain),
  ];
  for (const candidate of candidates) {
    const name = candidate === null ? '' : lastPathSegment(candidate);
    if (name.trim() !== '') return name;
  }
  return null;
}

/**
 * Parameter names (lower case) to values, quoted strings unescaped; the first of a repeated
 * name wins. Lenient: a missing disposition type or closing quote is tolerated.
 */
function parseParameters(header: string): Map<string, string> {
  const parameters = new Map<string, string>();
  let at = 0;
  while (at < header.length) {
    const nameEnd = indexOfAny(header, '=;', at);
    const name = header.slice(at, nameEnd).trim().toLowerCase();
    if (header[nameEnd] !== '=') {
      at = nameEnd + 1; // the disposition type, or a stray word
      continue;
    }
    let valueStart = nameEnd + 1;
    while (header[valueStart] === ' ' || header[valueStart] === '\t') valueStart += 1;
    let value: string;
    if (header[valueStart] === '"') {
      const quoted = readQuotedString(header, valueStart + 1);
      value = quoted.value;
      at = indexOfAny(header, ';', quoted.end) + 1;
    } else {
      const valueEnd = indexOfAny(header, ';', valueStart);
      value = header.slice(valueStart, valueEnd).trim();
      at = valueEnd + 1;
    }
    if (name !== '' && !parameters.has(name)) parameters.set(name, value);
  }
  return parameters;
}

function indexOfAny(text: string, chars: string, from: number): number {
  for (let index = from; index < text.length; index += 1) {
    if (chars.includes(text[index] ?? '')) return index;
  }
  return text.length;
}

/** From just after the opening quote; `\x` stands for `x`. `end` is just past the closing quote. */
function readQuotedString(text: string, from: number): { value: string; end: number } {
  let value = '';
  let index = from;
  while (index < text.length) {
    const char = text[index] ?? '';
    if (char === '"') return { value, end: index + 1 };
    if (char === '\\' && index + 1 < text.length) {
      value += text[index + 1];
      index += 2;
    } else {
      value += char;
      index += 1;
    }
  }
  return { value, end: index };
}

/** `UTF-8''na%C3%AFve.mp3` → `naïve.mp3`; null when the charset is unknown or the bytes invalid. */
function decodeExtendedValue(value: string): string | null {
  const match = /^([^']*)'[^']*'(.*)$/s.exec(value);
  if (!match) return null;
  const [, charset = '', encoded = ''] = match;
  const bytes = percentDecodeToBytes(encoded);
  if (bytes === null) return null;
  try {
    return new TextDecoder(charset.trim().toLowerCase() || 'utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null; // an unknown charset label or bytes that are not valid in it
  }
}

/** RFC 8187 value-chars are ASCII; `%XX` is a byte. Anything else makes the value invalid. */
function percentDecodeToBytes(encoded: string): Uint8Array | null {
  const bytes: number[] = [];
  for (let index = 0; index < encoded.length; index += 1) {
    const char = encoded.charCodeAt(index);
    if (encoded[index] === '%') {
      const hex = encoded.slice(index + 1, index + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) return null;
      bytes.push(parseInt(hex, 16));
      index += 2;
    } else if (char < 0x80) {
      bytes.push(char);
    } else {
      return null;
    }
  }
  return Uint8Array.from(bytes);
}

/**
 * Header values reach us one byte per character, so a server that wrote UTF-8 raw into
 * `filename="..."` arrives as Latin-1 mojibake (`naÃ¯ve`). Read such bytes as UTF-8 when they
 * are valid UTF-8, as browsers do; otherwise keep the Latin-1 reading.
 */
function repairUtf8(value: string): string {
  if (!/[\u0080-\u00ff]/.test(value) || /[\u0100-\uffff]/.test(value)) return value;
  const bytes = Uint8Array.from(value, (char) => char.charCodeAt(0));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return value;
  }
}

function lastPathSegment(name: string): string {
  const segments = name.split(/[/\\]/);
  return segments[segments.length - 1] ?? '';
}
