/**
 * How a page's Blob reaches the extension's storage. The bridge frame is embedded in a
 * third-party page, and Chromium denies such a frame every storage of its own (OPFS, IndexedDB,
 * localStorage: "Storage directory access is denied", measured in Chromium 156 and documented in
 * docs/page-api.md), so it cannot write the Blob itself. It makes a `blob:` URL of it instead,
 * which names the same bytes without copying them; the background checks the call and the engine
 * host's worker, a first-party context of the same extension origin, reads that URL into
 * `staged/<uuid>` (src/engine-host/staged-blob-writer.ts). The URL is revoked as soon as the
 * background answers.
 */
export interface BlobUrls {
  create(blob: Blob): string;
  revoke(url: string): void;
}

export const browserBlobUrls: BlobUrls = {
  create: (blob) => URL.createObjectURL(blob),
  revoke: (url) => URL.revokeObjectURL(url),
};
