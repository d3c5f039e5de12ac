/**
 * The demo store on the test server: the front page, the album page, the classic page, and the
 * generated files they sell (tracks as audio/mpeg, extras), each with its sha256 known.
 */
import type { ServerResponse } from 'node:http';
import { startTestServer, type FileHandle, type TestServer } from '../server/index';
import { albumPage, type AlbumPageTrack } from './album-page';
import { classicPage } from './classic-page';
import { indexPage } from './index-page';
import { reviewPage } from './review-page';
import { startBitsUploadServer, type BitsUploadServer } from '../server/bits-upload';
import {
  ALBUM,
  EXTRAS,
  libraryPath,
  trackPath,
  wmpJobDescription,
  type Album,
  type Extra,
  type Track,
} from './store-catalog';

export interface StoreTrack extends Track {
  url: string;
  sha256: string;
  /** Where WebBITS files it, relative to the download folder. */
  libraryPath: string;
}

export interface StoreExtra extends Extra {
  url: string;
  sha256: string;
}

export interface DemoStore {
  server: TestServer;
  /** Where reviews are uploaded (the BITS Upload Protocol, another port). */
  uploads: BitsUploadServer;
  origin: string;
  album: Album;
  tracks: StoreTrack[];
  extras: StoreExtra[];
  pages: { index: string; album: string; classic: string; review: string };
  close(): Promise<void>;
}

export interface DemoStoreOptions {
  /** The port to try first; 0 = any free port. */
  port?: number;
  /** When `port` is taken, take any free port instead of failing (default true). */
  fallback?: boolean;
  /**
   * How long a signed track link is good for (default 10 minutes, like a store's CDN links). The
   * album page asks `/store/link?track=N` for a fresh one when a track's link expired.
   */
  linkLifetimeMs?: number;
}

/** The demo's CDN links: short-lived, as a store's are, so the album page shows their renewal. */
export const DEFAULT_LINK_LIFETIME_MS = 10 * 60_000;
/** Reviews go here on the upload server; its reply is the "server application's" answer. */
export const REVIEW_PATH = '/reviews/review.bin';
/** The generated voice note uploaded with each review. */
export const REVIEW_NOTE_BYTES = 8 * 1024 * 1024;

export async function startDemoStore(options: DemoStoreOptions = {}): Promise<DemoStore> {
  const server = await listen(options.port ?? 0, options.fallback ?? true);
  const withSha = async (handle: FileHandle) => ({ url: handle.url, sha256: await handle.sha256() });

  const lifetime = options.linkLifetimeMs ?? DEFAULT_LINK_LIFETIME_MS;
  const tracks: StoreTrack[] = [];
  for (const track of ALBUM.tracks) {
    const handle = server.addFile(trackPath(track), { size: track.size, contentType: 'audio/mpeg' });
    const url = server.signUrl(trackPath(track), lifetime);
    tracks.push({ ...track, ...(await withSha(handle)), url, libraryPath: libraryPath(ALBUM, track) });
  }
  const extras: StoreExtra[] = [];
  for (const extra of EXTRAS) {
    const handle = server.addFile(extra.path, { size: extra.size, contentType: extra.contentType });
    extras.push({ ...extra, ...(await withSha(handle)) });
  }

  const albumTracks: AlbumPageTrack[] = tracks.map((track) => ({
    number: track.number,
    title: track.title,
    duration: track.duration,
    url: track.url,
    sha256: track.sha256,
    description: wmpJobDescription(ALBUM, track),
  }));
  const html = (body: string) => (_req: unknown, res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(body);
  };
  const front = html(indexPage(ALBUM));
  server.addRoute('/', (_req, res) => {
    res.writeHead(302, { location: '/store/' });
    res.end();
  });
  server.addRoute('/store', front);
  server.addRoute('/store/', front);
  server.addRoute('/store/album', html(albumPage(ALBUM, albumTracks)));
  // A fresh signed link for one track: what a store's page asks its server for when one expired.
  server.addRoute('/store/link', (req, res) => {
    const number = Number(new URL(req.url ?? '/', 'http://store.invalid').searchParams.get('track'));
    const track = ALBUM.tracks.find((t) => t.number === number);
    res.writeHead(track ? 200 : 404, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(
      JSON.stringify(
        track ? { url: server.signUrl(trackPath(track), lifetime) } : { error: 'no such track' },
      ),
    );
  });
  server.addRoute('/store/classic', html(classicPage(extras)));
  const uploads = await startBitsUploadServer({ host: new URL(server.origin).hostname });
  uploads.setReply(REVIEW_PATH, {
    contentType: 'text/plain',
    body: (upload) =>
      `Thank you! Your review of ${ALBUM.title} (${upload.size} bytes, sha256 ${upload.sha256.slice(0, 12)}…) ` +
      'is published on the album page.',
  });
  server.addRoute(
    '/store/review',
    html(reviewPage(ALBUM.title, uploads.url(REVIEW_PATH), REVIEW_NOTE_BYTES)),
  );

  return {
    server,
    uploads,
    origin: server.origin,
    album: ALBUM,
    tracks,
    extras,
    pages: {
      index: server.url('/store/'),
      album: server.url('/store/album'),
      classic: server.url('/store/classic'),
      review: server.url('/store/review'),
    },
    close: async () => {
      await uploads.close();
      await server.close();
    },
  };
}

async function listen(port: number, fallback: boolean): Promise<TestServer> {
  try {
    return await startTestServer({ port });
  } catch (error) {
    const inUse = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
    if (!inUse || !fallback || port === 0) throw error;
    return startTestServer({ port: 0 });
  }
}
