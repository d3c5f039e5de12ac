import { describe, expect, it } from 'vitest';
import { parseWmpDescription } from '../../src/engine/naming/wmp-convention';
import {
  ALBUM,
  libraryPath,
  minutesAndSeconds,
  trackPath,
  wmpJobDescription,
  type Album,
} from './store-catalog';

describe('demo store catalog', () => {
  const first = ALBUM.tracks[0];
  if (!first) throw new Error('the album has no tracks');

  it('describes a track as a WMP job the engine parses back to the same metadata', () => {
    const description = wmpJobDescription(ALBUM, first);
    expect(description).toBe('::WMP_JOB:1:1999:Proseware:The Band:Live 1999:1:Opening Night:215:75');
    expect(parseWmpDescription(description)).toMatchObject({
      kind: 'job',
      serviceId: 1999,
      albumArtist: 'The Band',
      albumTitle: 'Live 1999',
      trackNumber: 1,
      title: 'Opening Night',
    });
  });

  it('escapes a colon in a title, so the description stays unambiguous', () => {
    const album: Album = { ...ALBUM, title: 'Live: 1999' };
    expect(wmpJobDescription(album, first)).toContain(':Live%3A 1999:');
  });

  it('names the library path and the served path with two-digit track numbers', () => {
    expect(libraryPath(ALBUM, first)).toBe('Proseware/The Band/Live 1999/01 Opening Night.mp3');
    expect(trackPath(first)).toBe('/store/tracks/01.mp3');
  });

  it('sells five tracks of a few MiB each', () => {
    expect(ALBUM.tracks.map((track) => track.number)).toEqual([1, 2, 3, 4, 5]);
    for (const track of ALBUM.tracks) expect(track.size).toBeGreaterThanOrEqual(1 << 20);
  });

  it('shows durations as m:ss', () => {
    expect(minutesAndSeconds(215)).toBe('3:35');
    expect(minutesAndSeconds(301)).toBe('5:01');
  });
});
