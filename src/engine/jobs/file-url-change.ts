/**
 * (+) BITS SetRemoteName: which file links may change, and the file record after the change.
 * Pure. The stored bytes are kept; the transfer checks on the new link's first answer that it
 * serves the same file (same size, and the same strong ETag where both carry one), else the file
 * starts again from 0 and says so (transfer-source.ts).
 */
import { BitsError } from '../bits-codes';
import type { FileRecord } from '../ports';
import type { JobState } from '../types';

/** Throws when file `file.index` of a job in `state` can no longer change its link. */
export function checkFileUrlChange(state: JobState, file: Pick<FileRecord, 'index' | 'completed'>): void {
  if (state === 'CANCELLED') {
    throw new BitsError('BG_E_INVALID_STATE', 'setFileUrl: the job is CANCELLED and can no longer change');
  }
  // A saved file (every file of an ACKNOWLEDGED job is saved or given up) has nothing left to fetch.
  if (state === 'ACKNOWLEDGED') {
    throw new TypeError(
      `fileIndex: the job is ACKNOWLEDGED, so file ${file.index} can no longer change its link`,
    );
  }
  if (file.completed) {
    throw new TypeError(
      `fileIndex: file ${file.index} is already transferred; its link can no longer change`,
    );
  }
}

/** The record with its new link: the old one's size and validators stay, to compare with. */
export function withNewUrl(file: FileRecord, url: string): FileRecord {
  return { ...file, url, finalUrl: null, urlChanged: true };
}
