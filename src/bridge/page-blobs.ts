/**
 * The Blobs in a page's request. A createJob whose file has `data` (an upload) carries a Blob or
 * File that crossed the MessagePort by structured clone; the bridge has it written into OPFS
 * (blob-urls.ts) and the request goes on as JSON with a StagedBlobRef in its place. `data`
 * that is not a Blob is refused here, so every reference the background receives was made by the
 * bridge, never written by the page.
 */
import type { StagedBlobRef } from '../shared/staged-blob';

/** job-model.md: an upload's data is at most 4 GiB. */
export const MAX_STAGED_BYTES = 4 * 1024 ** 3;

export interface PageBlobs {
  /** The arguments with each Blob replaced by its reference. */
  args: unknown;
  blobs: Array<{ ref: StagedBlobRef; blob: Blob }>;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Throws TypeError naming the field; `newId` makes the staged file's UUID. */
export function takePageBlobs(method: string, args: unknown, newId: () => string): PageBlobs {
  const none: PageBlobs = { args, blobs: [] };
  if (method !== 'createJob' && method !== 'addFiles') return none;
  const files = isRecord(args)
    ? method === 'createJob'
      ? isRecord(args.init)
        ? args.init.files
        : null
      : args.files
    : null;
  if (!Array.isArray(files) || !files.some((f) => isRecord(f) && f.data !== undefined)) return none;
  const blobs: PageBlobs['blobs'] = [];
  const taken = files.map((file: unknown, i) => {
    if (!isRecord(file) || file.data === undefined) return file;
    const field = `files[${i}].data`;
    if (method === 'addFiles')
      throw new TypeError(`${field}: data is given to createJob only (an upload's one file)`);
    const data = file.data;
    if (!(data instanceof Blob)) throw new TypeError(`${field}: must be a Blob or File`);
    if (data.size > MAX_STAGED_BYTES) throw new TypeError(`${field}: ${data.size} bytes, more than 4 GiB`);
    const ref: StagedBlobRef = { staged: newId(), size: data.size, type: data.type.slice(0, 256) };
    blobs.push({ ref, blob: data });
    return { ...file, data: ref };
  });
  const request = args as { init: Record<string, unknown> };
  return { args: { ...request, init: { ...request.init, files: taken } }, blobs };
}
