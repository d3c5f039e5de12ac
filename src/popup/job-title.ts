/** The name a row shows: `Artist — Album — NN Title` for a WMP job (wmp-convention.md), else the display name. */
import type { JobInfo } from '../engine/types';

const SEPARATOR = ' \u2014 ';

export function jobTitle(job: JobInfo): string {
  const wmp = job.wmp;
  if (!wmp) return job.displayName;
  const track = wmp.trackNumber === null ? '' : `${String(wmp.trackNumber).padStart(2, '0')} `;
  const title = wmp.title || job.displayName;
  return [wmp.albumArtist, wmp.albumTitle, `${track}${title}`].filter((part) => part !== '').join(SEPARATOR);
}
