/**
 * A Blob a page hands to WebBITS (an upload's `data`) crosses no JSON message: the page bridge
 * writes it into the extension's origin private file system first, as `staged/<id>`, and the
 * createJob request then carries only this reference. The engine host takes the staged file over
 * as the upload's stored copy (job-model.md "Uploads"); staged files nobody claimed are swept at
 * the host's start.
 */
import * as v from 'valibot';

/** The OPFS folder of staged Blobs, beside the backing files. */
export const STAGED_DIRECTORY = 'staged';

export interface StagedBlobRef {
  /** A UUID made by the bridge: the file `staged/<staged>` in OPFS. */
  staged: string;
  /** Bytes, as the bridge wrote them. The engine checks it against the file. */
  size: number;
  /** The Blob's media type ('' when it has none). */
  type: string;
}

export const StagedBlobRefSchema = v.strictObject({
  staged: v.pipe(v.string(), v.uuid()),
  size: v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
  type: v.pipe(v.string(), v.maxLength(256)),
});

/** The staged Blob ids a createJob's init names (its files' `data.staged`), whatever else it holds. */
export function stagedIdsIn(init: unknown): string[] {
  const files = (init as { files?: unknown } | null)?.files;
  if (!Array.isArray(files)) return [];
  return files.flatMap((file: unknown) => {
    const parsed = v.safeParse(v.object({ data: StagedBlobRefSchema }), file);
    return parsed.success ? [parsed.output.data.staged] : [];
  });
}
