/**
 * What the demo store sells: one album of five tracks (bought through `window.webbits` with the
 * WMP convention) and a few extras (fetched by the classic page through
 * `external.DownloadManager`). Sizes are a few MiB so the whole scenario runs in seconds.
 */
import { formatWmpDescription } from '../../src/engine/naming/wmp-convention';

const MiB = 1 << 20;

export interface Track {
  number: number;
  title: string;
  /** Seconds. */
  duration: number;
  /** WMP UserRating scale, 0..99. */
  rating: number;
  size: number;
}

export interface Album {
  serviceId: number;
  provider: string;
  artist: string;
  title: string;
  year: number;
  price: string;
  tracks: readonly Track[];
}

export interface Extra {
  /** Served at this path; the classic page downloads it by URL. */
  path: string;
  label: string;
  size: number;
  contentType: string;
}

export const ALBUM: Album = {
  serviceId: 1999,
  provider: 'Proseware',
  artist: 'The Band',
  title: 'Live 1999',
  year: 1999,
  price: '$9.99',
  tracks: [
    { number: 1, title: 'Opening Night', duration: 215, rating: 75, size: 3 * MiB },
    { number: 2, title: 'Crossroads', duration: 248, rating: 99, size: 2.5 * MiB },
    { number: 3, title: 'Long Way Home', duration: 301, rating: 75, size: 4 * MiB },
    { number: 4, title: 'Paper Lanterns', duration: 197, rating: 50, size: 2 * MiB },
    { number: 5, title: 'Encore', duration: 263, rating: 99, size: 3.5 * MiB },
  ],
};

export const EXTRAS: readonly Extra[] = [
  {
    path: '/store/extras/Live 1999 Booklet.pdf',
    label: 'Booklet (PDF)',
    size: 1 * MiB,
    contentType: 'application/pdf',
  },
  {
    path: '/store/extras/Live 1999 Interview.wma',
    label: 'Interview (WMA)',
    size: 3 * MiB,
    contentType: 'audio/x-ms-wma',
  },
  {
    path: '/store/extras/Live 1999 Encore.wmv',
    label: 'Encore video (WMV)',
    size: 6 * MiB,
    contentType: 'video/x-ms-wmv',
  },
];

/** Where the store serves a track's audio. */
export const trackPath = (track: Track): string => `/store/tracks/${twoDigits(track.number)}.mp3`;

/** The `::WMP_JOB` description that files the track into the media library. */
export function wmpJobDescription(album: Album, track: Track): string {
  return formatWmpDescription({
    kind: 'job',
    serviceId: album.serviceId,
    provider: album.provider,
    albumArtist: album.artist,
    albumTitle: album.title,
    trackNumber: track.number,
    title: track.title,
    duration: track.duration,
    rating: track.rating,
  });
}

/**
 * Where WebBITS saves the track, relative to the download folder (wmp-convention.md, library
 * layout). The catalog's names hold no character that needs making safe.
 */
export function libraryPath(album: Album, track: Track): string {
  return `${album.provider}/${album.artist}/${album.title}/${twoDigits(track.number)} ${track.title}.mp3`;
}

export const minutesAndSeconds = (seconds: number): string =>
  `${Math.floor(seconds / 60)}:${String(Math.round(seconds % 60)).padStart(2, '0')}`;

function twoDigits(n: number): string {
  return String(n).padStart(2, '0');
}
