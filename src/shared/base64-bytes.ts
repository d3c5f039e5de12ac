/**
 * Bytes across a JSON boundary (runtime messages between the background, the engine host, the
 * popup and the page bridge): an upload-reply's reply travels as a base64 string (RFC 4648, with
 * padding), a third larger than the bytes; replies are at most 16 MiB (job-model.md "Uploads").
 */

/** btoa takes a binary string; built in slices so that a 16 MiB reply needs no giant argument list. */
export function bytesToBase64(bytes: Uint8Array): string {
  const SLICE = 0x8000;
  let binary = '';
  for (let at = 0; at < bytes.byteLength; at += SLICE) {
    binary += String.fromCharCode(...bytes.subarray(at, at + SLICE));
  }
  return btoa(binary);
}

/** Throws a TypeError when `text` is not base64. */
export function base64ToBytes(text: string): Uint8Array<ArrayBuffer> {
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    throw new TypeError('reply: not base64');
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
