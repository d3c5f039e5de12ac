/** Which jobs may be handed to aria2 (job-model.md "Hand-off to aria2"). Pure. */
import { BitsError } from '../bits-codes';
import type { JobRecord } from '../ports';
import { isFinal, USER_OWNER } from '../types';

/** Only a download the person started, not yet finished nor handed off, with one file (one gid). */
export function checkHandOff(job: JobRecord): void {
  if (job.owner !== USER_OWNER) {
    throw new BitsError('BG_E_INVALID_STATE', 'handOff: only downloads you started can go to aria2');
  }
  if (job.type !== 'download') {
    throw new BitsError('BG_E_INVALID_STATE', 'handOff: only downloads can go to aria2, not uploads');
  }
  if (job.aria2 !== null) throw new BitsError('BG_E_INVALID_STATE', 'handOff: the job is in aria2 already');
  if (isFinal(job.state) || job.state === 'TRANSFERRED') {
    throw new BitsError('BG_E_INVALID_STATE', `handOff: the job is ${job.state}`);
  }
  if (job.fileCount !== 1) {
    throw new BitsError(
      'BG_E_INVALID_STATE',
      `handOff: the job has ${job.fileCount} files; aria2 takes one-file jobs`,
    );
  }
}
