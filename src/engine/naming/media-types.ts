/**
 * File extensions for Content-Type values (files-on-disk.md, wmp-convention.md) and the one
 * notion of "a name's extension" that naming, truncation and the WMP layout share.
 */

/** The wmp-convention.md table first, then common types; keys are lower-case essences. */
const EXTENSIONS: Readonly<Record<string, string>> = {
  // wmp-convention.md
  'audio/mpeg': 'mp3',
  'audio/x-ms-wma': 'wma',
  'video/x-ms-wmv': 'wmv',
  'video/x-ms-asf': 'asf',
  'audio/mp4': 'm4a',
  'audio/flac': 'flac',
  'audio/ogg': 'ogg',
  'video/mp4': 'mp4',
  // Audio and video
  'audio/mp3': 'mp3',
  'audio/mpeg3': 'mp3',
  'audio/x-mpeg': 'mp3',
  'audio/x-mp3': 'mp3',
  'audio/x-m4a': 'm4a',
  'audio/aac': 'aac',
  'audio/x-aac': 'aac',
  'audio/x-flac': 'flac',
  'audio/opus': 'opus',
  'audio/wav': 'wav',
  'audio/wave': 'wav',
  'audio/x-wav': 'wav',
  'audio/vnd.wave': 'wav',
  'audio/webm': 'weba',
  'audio/midi': 'mid',
  'audio/x-midi': 'mid',
  'audio/x-mpegurl': 'm3u',
  'audio/x-ms-wax': 'wax',
  'video/x-ms-wvx': 'wvx',
  'video/x-ms-asx': 'asx',
  'video/webm': 'webm',
  'video/ogg': 'ogv',
  'video/mpeg': 'mpg',
  'video/quicktime': 'mov',
  'video/x-msvideo': 'avi',
  'video/x-matroska': 'mkv',
  'video/x-flv': 'flv',
  'video/3gpp': '3gp',
  'video/mp2t': 'ts',
  'application/vnd.apple.mpegurl': 'm3u8',
  'application/x-mpegurl': 'm3u8',
  'application/vnd.ms-asf': 'asf',
  // Images
  'image/jpeg': 'jpg',
  'image/pjpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/avif': 'avif',
  'image/bmp': 'bmp',
  'image/svg+xml': 'svg',
  'image/tiff': 'tif',
  'image/x-icon': 'ico',
  'image/vnd.microsoft.icon': 'ico',
  'image/heic': 'heic',
  // Text and documents
  'text/plain': 'txt',
  'text/html': 'html',
  'application/xhtml+xml': 'xhtml',
  'text/css': 'css',
  'text/csv': 'csv',
  'text/markdown': 'md',
  'text/xml': 'xml',
  'application/xml': 'xml',
  'text/javascript': 'js',
  'application/javascript': 'js',
  'application/json': 'json',
  'application/pdf': 'pdf',
  'application/rtf': 'rtf',
  'application/epub+zip': 'epub',
  'application/msword': 'doc',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.ms-excel': 'xls',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/vnd.ms-powerpoint': 'ppt',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'pptx',
  'application/vnd.oasis.opendocument.text': 'odt',
  // Archives and binaries
  'application/zip': 'zip',
  'application/x-zip-compressed': 'zip',
  'application/gzip': 'gz',
  'application/x-gzip': 'gz',
  'application/x-tar': 'tar',
  'application/x-bzip2': 'bz2',
  'application/x-xz': 'xz',
  'application/zstd': 'zst',
  'application/x-7z-compressed': '7z',
  'application/vnd.rar': 'rar',
  'application/x-rar-compressed': 'rar',
  'application/x-iso9660-image': 'iso',
  'application/x-msdownload': 'exe',
  'application/vnd.microsoft.portable-executable': 'exe',
  'application/x-msi': 'msi',
  'application/vnd.android.package-archive': 'apk',
  'application/x-apple-diskimage': 'dmg',
  'application/vnd.debian.binary-package': 'deb',
  'application/x-bittorrent': 'torrent',
  'application/wasm': 'wasm',
  'font/woff': 'woff',
  'font/woff2': 'woff2',
  'font/ttf': 'ttf',
  'font/otf': 'otf',
};

/**
 * The extension (no dot) for a Content-Type header value, ignoring parameters and case; null
 * for a missing, unknown or deliberately generic type (`application/octet-stream`).
 */
export function extensionForContentType(contentType: string | null): string | null {
  if (contentType === null) return null;
  const essence = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  return Object.hasOwn(EXTENSIONS, essence) ? (EXTENSIONS[essence] ?? null) : null;
}

/**
 * A name's extension, without the dot and as written: the text after the last `.`, when that
 * dot is not the first character and the text is 1–16 ASCII letters or digits. So `a.tar.gz`
 * → `gz`, `.profile` → null, `Mr. Smith` → null (a space is no part of an extension).
 */
export function extensionOf(name: string): string | null {
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return null;
  const extension = name.slice(dot + 1);
  return /^[A-Za-z0-9]{1,16}$/.test(extension) ? extension : null;
}
