/**
 * The album page, written as a store would use the modern API: "Buy album" makes one `::WMP_JOB`
 * job per track with `window.webbits.createJob` and resumes it; every `jobchange` moves that track's
 * progress bar and state. On load it reads earlier purchases back from `external.DownloadManager`.
 * Its links are signed and short-lived: when a track's job fails with 403 (the link expired), the
 * page asks the store for a fresh link, hands it over with `job.setFileUrl(0, url)` and resumes;
 * WebBITS keeps the bytes it has.
 */
import { coverSvg } from './cover-art';
import { escapeHtml, jsonScript, storePage } from './page-shell';
import { minutesAndSeconds, type Album } from './store-catalog';

/** What the page script needs per track: the store knows each file's sha256 and library metadata. */
export interface AlbumPageTrack {
  number: number;
  title: string;
  duration: number;
  url: string;
  sha256: string;
  description: string;
}

// Plain ES2020 run by the page as it is; `data` comes from the JSON element above it.
const SCRIPT = String.raw`(() => {
  const data = JSON.parse(document.getElementById('album-data').textContent);
  const notice = document.getElementById('notice');
  const buy = document.getElementById('buy');
  const say = (text, tone) => { notice.textContent = text; notice.dataset.tone = tone || ''; };
  const LABELS = {
    SUSPENDED: 'Waiting', QUEUED: 'Queued', CONNECTING: 'Connecting…', TRANSFERRING: 'Downloading',
    TRANSIENT_ERROR: 'Retrying soon', ERROR: 'Failed', TRANSFERRED: 'Saving…',
    ACKNOWLEDGED: 'In your library', CANCELLED: 'Cancelled',
  };
  const views = new Map();
  for (const track of data.tracks) {
    const row = document.querySelector('tr[data-track="' + track.number + '"]');
    views.set(track.number, {
      row, bar: row.querySelector('progress'), state: row.querySelector('.state'),
      error: row.querySelector('.error'), modified: 0,
    });
  }

  function paint(view, state, transferred, total, errorMessage) {
    view.row.dataset.state = state;
    if (total) { view.bar.max = total; view.bar.value = state === 'ACKNOWLEDGED' ? total : transferred; }
    const percent = total && state === 'TRANSFERRING' ? ' ' + Math.floor((100 * transferred) / total) + '%' : '';
    view.state.textContent = LABELS[state] + percent;
    view.state.dataset.tone = state === 'ACKNOWLEDGED' ? 'ok' : state === 'ERROR' || state === 'CANCELLED' ? 'bad' : '';
    view.error.textContent = errorMessage || '';
  }

  function summarise() {
    const states = [...views.values()].map((view) => view.row.dataset.state);
    const failed = states.filter((s) => s === 'ERROR' || s === 'CANCELLED').length;
    if (states.every((s) => s === 'ACKNOWLEDGED'))
      say('All ' + states.length + ' tracks are in your library: ' + data.folder + ' in your downloads folder. Enjoy!', 'ok');
    else if (failed) say(failed + ' track(s) could not be downloaded; the reason is under each one.', 'bad');
  }

  // A job change for one of this album's tracks; older news than what is shown is ignored.
  function show(info) {
    if (!info.wmp || info.wmp.serviceId !== data.serviceId) return;
    const view = views.get(info.wmp.trackNumber);
    if (!view || info.times.modified < view.modified) return;
    view.modified = info.times.modified;
    if (info.state === 'ERROR' && info.error && info.error.httpStatus === 403) return renew(info, view);
    paint(view, info.state, info.progress.bytesTransferred, info.progress.bytesTotal, info.error && info.error.message);
    summarise();
  }

  // The track's signed link expired: a fresh one from the store, and the download goes on.
  const renewing = new Set();
  async function renew(info, view) {
    if (renewing.has(info.id)) return;
    renewing.add(info.id);
    view.renewals = (view.renewals || 0) + 1;
    paint(view, 'QUEUED', info.progress.bytesTransferred, info.progress.bytesTotal, 'Renewing the download link…');
    try {
      if (view.renewals > 10) throw new Error('the store keeps refusing the download link');
      const answer = await fetch('/store/link?track=' + info.wmp.trackNumber, { cache: 'no-store' });
      if (!answer.ok) throw new Error('the store gave no new link (HTTP ' + answer.status + ')');
      const job = await webbits.getJob(info.id);
      await job.setFileUrl(0, (await answer.json()).url);
      show(await job.resume());
    } catch (error) {
      paint(view, 'ERROR', info.progress.bytesTransferred, info.progress.bytesTotal, info.error.message + ' ' + error.message);
      summarise();
    } finally {
      renewing.delete(info.id);
    }
  }

  if (!window.webbits) {
    buy.disabled = true;
    say('This store downloads through the WebBITS browser extension, which is not installed here.', 'bad');
    return;
  }
  webbits.addEventListener('jobchange', (event) => show(event.detail));

  // Tracks bought earlier are items of the collection whose id is the store's serviceId.
  const manager = window.external.DownloadManager;
  manager.ready.then(() => {
    const collection = manager.getDownloadCollection(data.serviceId);
    for (let i = 0; i < collection.count; i++) {
      const item = collection.item(i);
      const view = views.get(Number(item.getItemInfo('WM/TrackNumber')));
      if (view && item.downloadState === 3 && !view.modified) paint(view, 'ACKNOWLEDGED', item.size, item.size);
    }
  });

  buy.addEventListener('click', async () => {
    buy.disabled = true;
    say('Asking WebBITS for permission to download…');
    try {
      for (const track of data.tracks) {
        const job = await webbits.createJob({
          displayName: track.number + '. ' + track.title,
          description: track.description,
          files: [{ url: track.url, sha256: track.sha256 }],
        });
        show(await job.resume());
      }
      say('Thank you! Your tracks are downloading in the background. You may close this page: WebBITS keeps going.');
      summarise();
    } catch (error) {
      buy.disabled = false;
      if (error.name === 'NotAllowedError')
        say('Downloads from this store are blocked, so nothing was bought. To buy, allow ' + location.origin +
          ' under "Sites" in the WebBITS options, then click "Buy album" again.', 'bad');
      else say('The purchase could not start: ' + error.message, 'bad');
    }
  });
})();`;

export function albumPage(album: Album, tracks: readonly AlbumPageTrack[]): string {
  const rows = tracks
    .map(
      (track) => `<tr data-track="${track.number}" data-state="">
<td class="num">${track.number}</td>
<td>${escapeHtml(track.title)}<div class="error"></div></td>
<td class="muted">${minutesAndSeconds(track.duration)}</td>
<td style="width:35%"><progress value="0" max="1"></progress></td>
<td class="state">Not bought</td>
</tr>`,
    )
    .join('\n');
  const folder = `${album.provider}/${album.artist}/${album.title}/`;
  const body = `<section class="card album">
${coverSvg(album.artist, album.title)}
<div>
<p class="muted">${escapeHtml(album.artist)} · ${album.year} · ${tracks.length} tracks · MP3</p>
<h1>${escapeHtml(album.title)}</h1>
<p>Recorded on the last night of the 1999 tour. Downloads are checked byte for byte (sha256) and
filed into your media library as <code>${escapeHtml(folder)}</code>.</p>
<p><button id="buy" class="primary">Buy album · ${escapeHtml(album.price)}</button></p>
<div id="notice" class="notice" role="status"></div>
</div>
</section>
<section class="card">
<h2>Tracks</h2>
<table id="tracks">
<thead><tr><th>#</th><th>Title</th><th>Time</th><th>Progress</th><th>State</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</section>
${jsonScript('album-data', { serviceId: album.serviceId, folder, tracks })}`;
  return storePage({ title: album.title, current: '/store/album', body, script: SCRIPT });
}
