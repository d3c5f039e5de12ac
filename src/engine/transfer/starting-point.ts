/**
 * Where a file's transfer starts: its stored segments, or a probe whose body becomes the first
 * connection's stream. The probe goes to the file's URL and, if that fails after its retries, to
 * each mirror in turn (job-model.md, "Mirrors").
 */
import type { OpenedBody } from './live-segment';
import type { FileRecord, SegmentRecord } from '../ports';
import { probeFile, type ProbeOutcome, type ProbeTarget } from './probe';
import { TransferFailure, type TransferEnv } from './transfer-types';

export interface StartingPoint {
  file: FileRecord;
  records: SegmentRecord[];
  first?: OpenedBody;
  /** The source the probe's answer came from (the file's own unless it failed); null when resuming. */
  probed: { url: string; etag: string | null; lastModified: string | null } | null;
}

/** The file's URL, then its mirrors. */
export const sourceUrls = (file: FileRecord): string[] => [file.url, ...(file.mirrors ?? [])];

export async function startingPoint(
  env: TransferEnv,
  target: Omit<ProbeTarget, 'url' | 'host'>,
  stored: FileRecord,
): Promise<StartingPoint> {
  const { store } = env.ports;
  // A file never probed has no segments (they are stored with the probe's facts): no read.
  const records = neverProbed(stored) ? [] : await store.getSegments(stored.jobId, stored.index);
  if (records.length > 0 && stored.resumable === true && stored.bytesTotal !== null) {
    return { file: stored, records, probed: null };
  }
  // Nothing stored, or nothing that can be continued: from 0.
  if (records.length > 0) await store.deleteFileData(stored.jobId, stored.index);
  const { probe, url } = await probeSources(env, target, sourceUrls(stored));
  const { facts } = probe;
  const own = url === stored.url;
  const file: FileRecord = {
    ...stored,
    finalUrl: own ? probe.finalUrl : null,
    bytesTotal: facts.size,
    resumable: facts.resumable,
    // The file's validators are its own URL's: a mirror's are kept apart (transfer-source.ts).
    etag: own ? facts.etag : null,
    lastModified: own ? facts.lastModified : null,
    contentType: facts.contentType,
    contentDisposition: facts.contentDisposition,
    urlChanged: false,
  };
  const fresh = [{ jobId: file.jobId, fileIndex: file.index, start: 0, end: facts.size, pos: 0 }];
  try {
    await store.putFileAndSegments(file, fresh);
  } catch (err) {
    probe.opened.link?.unlink();
    probe.opened.release?.();
    void probe.opened.response.body?.cancel().catch(() => undefined);
    throw err;
  }
  const probed = { url, etag: facts.etag, lastModified: facts.lastModified };
  return { file, records: fresh, first: probe.opened, probed };
}

const neverProbed = (file: FileRecord): boolean => file.resumable === null && file.bytesTotal === null;

/** The first source that answers the probe; the first source's failure when none does. */
async function probeSources(
  env: TransferEnv,
  target: Omit<ProbeTarget, 'url' | 'host'>,
  urls: readonly string[],
): Promise<{ probe: ProbeOutcome; url: string }> {
  let firstFailure: unknown = null;
  for (const url of urls) {
    try {
      return { probe: await probeFile(env, { ...target, url, host: new URL(url).host }), url };
    } catch (err) {
      if (target.signal.aborted || !(err instanceof TransferFailure)) throw err;
      firstFailure ??= err;
    }
  }
  throw firstFailure;
}
