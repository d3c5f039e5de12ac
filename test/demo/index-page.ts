/** The store's front page: what the demo shows and where. */
import { coverSvg } from './cover-art';
import { escapeHtml, storePage } from './page-shell';
import type { Album } from './store-catalog';

export function indexPage(album: Album): string {
  const body = `<section class="card album">
<a href="/store/album">${coverSvg(album.artist, album.title, 160)}</a>
<div>
<h1>Proseware Music</h1>
<p>A small store that sells music through <strong>WebBITS</strong>, the browser extension that
re-creates Windows' Background Intelligent Transfer Service and the Windows Media Player store
Download Manager. Downloads keep going in the background, resume after a dropped connection or a
browser restart, and are checked against the store's sha256 before they are saved.</p>
</div>
</section>
<section class="card">
<h2><a href="/store/album">${escapeHtml(album.title)}</a> by ${escapeHtml(album.artist)}</h2>
<p>The modern way: <code>window.webbits.createJob()</code> makes one job per track, described with the
WMP convention (<code>::WMP_JOB:1:…</code>), so WebBITS files each track into
<code>${escapeHtml(`${album.provider}/${album.artist}/${album.title}/`)}</code>. The page follows every track's
progress through <code>jobchange</code> events. The first purchase asks you to allow this store.</p>
</section>
<section class="card">
<h2><a href="/store/classic">Extras, the classic way</a></h2>
<p>A page written as Windows Media Player stores were: only <code>window.external.DownloadManager</code>,
<code>startDownload(url, 'background')</code>, a collection id in a cookie and a status timer.</p>
</section>
<section class="card">
<h2><a href="/store/review">Upload a review</a></h2>
<p>The other way: <code>createJob({ type: 'upload-reply', files: [{ url, data: blob }] })</code> sends a
generated file to the store over the BITS Upload Protocol, and <code>job.reply()</code> reads the store's answer.</p>
</section>`;
  return storePage({ title: 'Store', current: '/store/', body });
}
