/** Messages between the Chrome service worker and its offscreen document (blob: URLs for saving). */
export const OFFSCREEN_MESSAGE_KIND = 'webbits:offscreen';

export type OffscreenRequest =
  | {
      kind: typeof OFFSCREEN_MESSAGE_KIND;
      op: 'blob-url';
      jobId: string;
      fileIndex: number;
      bytesTotal: number;
      contentType: string | null;
    }
  | { kind: typeof OFFSCREEN_MESSAGE_KIND; op: 'revoke'; url: string };

export type OffscreenResponse = { ok: true; url?: string } | { ok: false; message: string };

export function isOffscreenRequest(message: unknown): message is OffscreenRequest {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as { kind?: unknown }).kind === OFFSCREEN_MESSAGE_KIND
  );
}
