/**
 * Pages for the takeover tests (ui.md, "Take over the browser's downloads"): on the test server's
 * own host, a page with a 20 MiB `Content-Disposition: attachment` link, a 1 MiB one, a 20 MiB
 * link to another host (`localhost`, for "Never for these sites"), and a form whose POST answers
 * with a 8 MiB attachment.
 */
import { expectedSha256, type FileHandle, type TestServer } from '../server/index';

const MIB = 1024 * 1024;

export interface TakeoverSite {
  page: string;
  big: FileHandle;
  /** Another 20 MiB attachment, for a second takeover. */
  archive: FileHandle;
  small: FileHandle;
  /** The same kind of file as `big`, on `localhost`. */
  listed: { url: string; host: string; sha256(): Promise<string> };
  /** Where the form posts to. */
  postUrl: string;
  postSha256(): Promise<string>;
}

export function addTakeoverSite(server: TestServer): TakeoverSite {
  const big = server.addFile('/files/report.bin', {
    size: 20 * MIB,
    contentDisposition: 'attachment; filename="report.bin"',
  });
  const archive = server.addFile('/files/archive.bin', {
    size: 20 * MIB,
    contentDisposition: 'attachment; filename="archive.bin"',
  });
  const small = server.addFile('/files/notes.bin', {
    size: 1 * MIB,
    contentDisposition: 'attachment; filename="notes.bin"',
  });
  const listedFile = server.addFile('/files/elsewhere.bin', {
    size: 20 * MIB,
    contentDisposition: 'attachment; filename="elsewhere.bin"',
  });
  const otherOrigin = server.origin.replace('127.0.0.1', 'localhost');
  const listedUrl = `${otherOrigin}/files/elsewhere.bin`;
  const exportSpec = { size: 8 * MIB, seed: 99 };
  const exportFile = server.addFile('/files/export-data.bin', {
    ...exportSpec,
    contentDisposition: 'attachment; filename="export.bin"',
  });
  // A form's POST answered with the file itself: the request cannot be made again.
  server.addRoute('/export', async (req, res) => {
    for await (const chunk of req) void chunk;
    const body = await fetch(exportFile.url).then((response) => response.arrayBuffer());
    res.writeHead(200, {
      'content-type': 'application/octet-stream',
      'content-disposition': 'attachment; filename="export.bin"',
      'content-length': String(body.byteLength),
      'cache-control': 'no-store',
    });
    res.end(Buffer.from(body));
  });
  server.addRoute('/downloads.html', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(`<!doctype html><meta charset="utf-8"><title>Downloads</title>
<p><a id="big" href="/files/report.bin">Report (20 MiB)</a></p>
<p><a id="archive" href="/files/archive.bin">Archive (20 MiB)</a></p>
<p><a id="small" href="/files/notes.bin">Notes (1 MiB)</a></p>
<p><a id="listed" href="${listedUrl}">Elsewhere (20 MiB)</a></p>
<form method="post" action="/export"><input type="hidden" name="format" value="bin"><button id="post">Export</button></form>`);
  });
  return {
    page: server.url('/downloads.html'),
    big,
    archive,
    small,
    listed: { url: listedUrl, host: new URL(listedUrl).hostname, sha256: () => listedFile.sha256() },
    postUrl: server.url('/export'),
    postSha256: () => expectedSha256(exportFile.spec),
  };
}
