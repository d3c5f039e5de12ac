/**
 * The classic page, written the way the Windows Media Player SDK's store sample was: only
 * `window.external.DownloadManager`, the collection id kept in a cookie across reloads, items
 * started with `startDownload(url, 'background')`, and a one-second timer that redraws each item's
 * downloadState, progress and size, with Pause, Resume and Cancel per item.
 */
import { escapeHtml, jsonScript, storePage } from './page-shell';

export interface ClassicPageItem {
  url: string;
  label: string;
  size: number;
}

// Deliberately in the sample's ES5 style (var, function declarations, a polling timer).
const SCRIPT = String.raw`
var g_oDownloadManager = window.external && window.external.DownloadManager;
var g_oCollection = null;
var g_aExtras = JSON.parse(document.getElementById('extras-data').textContent);
var COOKIE = 'DownloadCollectionId';
var STATES = ['Downloading', 'Paused', 'Processing', 'Completed', 'Canceled'];

function getCookie(name) {
  var parts = document.cookie.split('; ');
  for (var i = 0; i < parts.length; i++) {
    var pair = parts[i].split('=');
    if (pair[0] === name) return pair[1];
  }
  return null;
}

function formatSize(bytes) {
  if (bytes < 0) return '–';
  return (bytes / 1048576).toFixed(1) + ' MB';
}

function fileName(url) {
  return decodeURIComponent(url.substring(url.lastIndexOf('/') + 1));
}

function startDownloads() {
  if (!g_oCollection) {
    g_oCollection = g_oDownloadManager.createDownloadCollection();
    document.cookie = COOKIE + '=' + g_oCollection.id + '; path=/; max-age=31536000';
  }
  for (var i = 0; i < g_aExtras.length; i++) g_oCollection.startDownload(g_aExtras[i].url, 'background');
  updateStatus();
}

function clearList() {
  if (g_oCollection) g_oCollection.Clear();
  updateStatus();
}

function onItemButton(event) {
  var button = event.target;
  var item = g_oCollection.item(Number(button.getAttribute('data-index')));
  item[button.getAttribute('data-action')]();
  updateStatus();
}

function rowFor(index) {
  var body = document.getElementById('items');
  var row = body.rows[index];
  if (row) return row;
  row = body.insertRow(-1);
  row.innerHTML = '<td class="name"></td><td style="width:30%"><progress value="0" max="1"></progress></td>' +
    '<td class="size muted"></td><td class="state"></td><td class="actions"></td>';
  ['pause', 'resume', 'cancel'].forEach(function (action) {
    var button = document.createElement('button');
    button.textContent = action.charAt(0).toUpperCase() + action.substring(1);
    button.setAttribute('data-action', action);
    button.setAttribute('data-index', String(index));
    button.onclick = onItemButton;
    row.cells[4].appendChild(button);
    row.cells[4].appendChild(document.createTextNode(' '));
  });
  return row;
}

function updateStatus() {
  var count = g_oCollection ? g_oCollection.count : 0;
  var body = document.getElementById('items');
  while (body.rows.length > count) body.deleteRow(-1);
  for (var i = 0; i < count; i++) {
    var item = g_oCollection.item(i);
    var state = item.downloadState;
    var row = rowFor(i);
    row.setAttribute('data-state', String(state));
    row.cells[0].innerHTML = '';
    row.cells[0].appendChild(document.createTextNode(fileName(item.sourceURL)));
    if (item.error) {
      var error = document.createElement('div');
      error.className = 'error';
      error.textContent = item.error;
      row.cells[0].appendChild(error);
    }
    var bar = row.cells[1].firstChild;
    if (item.size > 0) { bar.max = item.size; bar.value = Math.max(item.progress, 0); }
    row.cells[2].textContent = formatSize(item.progress) + ' of ' + formatSize(item.size);
    row.cells[3].textContent = STATES[state];
    row.cells[3].setAttribute('data-tone', state === 3 ? 'ok' : state === 4 ? 'bad' : '');
    var buttons = row.cells[4].getElementsByTagName('button');
    buttons[0].disabled = state !== 0;
    buttons[1].disabled = state !== 1;
    buttons[2].disabled = state > 1;
  }
  document.getElementById('empty').style.display = count ? 'none' : '';
  document.getElementById('collection').textContent = g_oCollection ? String(g_oCollection.id) : 'none yet';
}

function onLoad() {
  if (!g_oDownloadManager) {
    document.getElementById('start').disabled = true;
    document.getElementById('empty').textContent = 'window.external.DownloadManager is missing: install WebBITS.';
    return;
  }
  var id = getCookie(COOKIE);
  if (id) g_oCollection = g_oDownloadManager.getDownloadCollection(parseInt(id, 10));
  document.getElementById('start').onclick = startDownloads;
  document.getElementById('clear').onclick = clearList;
  updateStatus();
  setInterval(updateStatus, 1000);
}

onLoad();
`;

export function classicPage(items: readonly ClassicPageItem[]): string {
  const offered = items
    .map(
      (item) =>
        `<li>${escapeHtml(item.label)} <span class="muted">(${(item.size / 1048576).toFixed(0)} MB)</span></li>`,
    )
    .join('');
  const body = `<section class="card">
<h1>Extras for “Live 1999”</h1>
<p>This page is written as stores wrote them for Windows Media Player: it uses only
<code>window.external.DownloadManager</code>, keeps its collection id in a cookie, and polls each
item once a second. WebBITS answers it the way the player did.</p>
<ul>${offered}</ul>
<p><button id="start" class="primary">Download extras</button> <button id="clear">Clear list</button>
<span class="muted">Collection: <span id="collection"></span></span></p>
</section>
<section class="card">
<h2>Downloads</h2>
<table>
<thead><tr><th>File</th><th>Progress</th><th>Size</th><th>State</th><th></th></tr></thead>
<tbody id="items"></tbody>
</table>
<p id="empty" class="muted">Nothing downloading yet.</p>
</section>
${jsonScript('extras-data', items)}`;
  return storePage({ title: 'Extras', current: '/store/classic', body, script: SCRIPT });
}
