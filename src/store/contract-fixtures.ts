/** Records for store tests: valid, small, and easy to tell apart. */
import type { ChunkRecord, FileRecord, JobRecord, SegmentRecord } from '../engine/ports';

export function sampleJob(id: string, overrides: Partial<JobRecord> = {}): JobRecord {
  return {
    id,
    owner: 'https://shop.example',
    type: 'download',
    displayName: `Album ${id}`,
    description: '',
    priority: 'normal',
    state: 'SUSPENDED',
    error: null,
    minimumRetryDelay: 600,
    noProgressTimeout: 1_209_600,
    autoComplete: true,
    created: 1_700_000_000_000,
    modified: 1_700_000_000_000,
    transferCompleted: null,
    wmp: null,
    collectionId: null,
    headers: { 'X-Shop-Token': 'abc' },
    referrer: null,
    aria2: null,
    fileCount: 2,
    seq: 1,
    queuedAt: 0,
    firstTransientErrorAt: null,
    retryAt: null,
    ...overrides,
  };
}

export function sampleFile(jobId: string, index: number, overrides: Partial<FileRecord> = {}): FileRecord {
  return {
    jobId,
    index,
    url: `http://127.0.0.1:8080/track-${index}.mp3`,
    name: `track-${index}.mp3`,
    sha256: null,
    bytesTotal: 3 * 1024,
    completed: false,
    localPath: null,
    finalUrl: null,
    etag: '"v1"',
    lastModified: null,
    contentType: 'audio/mpeg',
    contentDisposition: null,
    resumable: true,
    ...overrides,
  };
}

export function segment(
  jobId: string,
  fileIndex: number,
  start: number,
  end: number | null,
  pos = start,
): SegmentRecord {
  return { jobId, fileIndex, start, end, pos };
}

/** `length` bytes whose values depend on `seed` and position, so misplaced bytes show. */
export function patternBytes(length: number, seed = 0): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = (seed * 31 + i * 7) & 0xff;
  return bytes;
}

export function chunk(
  jobId: string,
  fileIndex: number,
  offset: number,
  data: Uint8Array | Blob,
): ChunkRecord {
  return { jobId, fileIndex, offset, data };
}
