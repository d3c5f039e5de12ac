/** The demo's sample page: a few files of the kinds WebBITS is for, as plain links. */
import type { FileHandle, FileSpec } from '../server/index';

const MiB = 1 << 20;

export const SAMPLE_FILES: ReadonlyArray<{ path: string; title: string; spec: FileSpec }> = [
  {
    path: '/samples/Sample Album.zip',
    title: 'Sample Album (zip, 12 MiB)',
    spec: { size: 12 * MiB, contentType: 'application/zip' },
  },
  {
    path: '/samples/01 Opening.mp3',
    title: '01 Opening (mp3, 4 MiB)',
    spec: { size: 4 * MiB, contentType: 'audio/mpeg' },
  },
  {
    path: '/samples/trailer.mp4',
    title: 'Trailer (mp4, 20 MiB)',
    spec: { size: 20 * MiB, contentType: 'video/mp4' },
  },
];

const escape = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

export function demoPage(files: ReadonlyArray<{ title: string; handle: FileHandle }>): string {
  const items = files
    .map((file) => `<li><a href="${escape(file.handle.url)}">${escape(file.title)}</a></li>`)
    .join('\n');
  return `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<title>WebBITS demo</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem}</style>
<h1>WebBITS demo</h1>
<p>Right-click a link and choose “Download link with WebBITS”, or paste its address into the
WebBITS popup’s “URL” box and press “Add”. Downloads keep going in the background and survive
browser restarts.</p>
<ul>
${items}
</ul>
</html>`;
}
