/** The example of wmp-convention.md, shared by the tests that need a WMP job's metadata. */
import type { WmpInfo } from '../../../src/engine/types';

export const SPEC_EXAMPLE_DESCRIPTION =
  '::WMP_JOB:1:424242:Proseware:The Band:Live%3A 1999:3:Opening Night:215:75';

export const SPEC_EXAMPLE_INFO: WmpInfo = {
  kind: 'job',
  serviceId: 424242,
  provider: 'Proseware',
  albumArtist: 'The Band',
  albumTitle: 'Live: 1999',
  trackNumber: 3,
  title: 'Opening Night',
  duration: 215,
  rating: 75,
};
