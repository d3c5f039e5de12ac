/**
 * What Chromium itself costs per small file, beside WebBITS in the small-files bench: the same
 * files through the downloads API alone, from an extension page (WebBITS's own), `atOnce` at a time
 * (WebBITS's `savesAtOnce`):
 *
 * - `http`: each file's URL downloaded by the browser (its network stack and its save, no WebBITS);
 * - `blob`: each file's bytes already in memory, saved from a `blob:` URL, as WebBITS saves a
 *   stored file. This is the floor of WebBITS's save phase: the browser's work per saved file.
 *
 * Each saved file's sha256 is checked, then the file is deleted, like every case's.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ExtensionSession } from '../test/e2e/harness';
import { sha256OfFile } from './peers';
import type { SmallFile } from './extension-small-files';

let batch = 0;

export async function downloadsApiFiles(
  ext: ExtensionSession,
  files: SmallFile[],
  source: 'http' | 'blob',
  atOnce = 4,
): Promise<number> {
  const folder = `bench-${source}-${++batch}`;
  const page = await ext.openExtensionPage('options');
  try {
    const saved = await page.evaluate(
      async ({ urls, folder, source, atOnce }) => {
        // Inline, not named helpers: the page gets this function's source as it is.
        const bodies =
          source === 'blob'
            ? await Promise.all(urls.map(async (url) => new Blob([await (await fetch(url)).arrayBuffer()])))
            : [];
        const done = new Map<number, (state: string) => void>();
        chrome.downloads.onChanged.addListener((delta) => {
          const state = delta.state?.current;
          if (state === 'complete' || state === 'interrupted') done.get(delta.id)?.(state);
        });
        let next = 0;
        const ids: number[] = [];
        const started = performance.now();
        await Promise.all(
          Array.from({ length: atOnce }, async () => {
            while (next < urls.length) {
              const i = next++;
              const blob = bodies[i];
              const url = blob ? URL.createObjectURL(blob) : (urls[i] as string);
              const id = await chrome.downloads.download({
                url,
                filename: `${folder}/${i}.bin`,
                conflictAction: 'overwrite',
                saveAs: false,
              });
              // An end that came before this wait is caught by the search below.
              const settled = new Promise<string>((resolve) => done.set(id, resolve));
              const [item] = await chrome.downloads.search({ id });
              const state = item?.state === 'in_progress' ? await settled : item?.state;
              if (blob) URL.revokeObjectURL(url);
              if (state !== 'complete') throw new Error(`download ${i}: ${state}`);
              ids[i] = id;
            }
          }),
        );
        const seconds = (performance.now() - started) / 1000;
        // Where each file went (the browser may have been given another name by a listener).
        const paths: string[] = [];
        for (const id of ids) paths.push((await chrome.downloads.search({ id }))[0]?.filename ?? '');
        return { seconds, paths };
      },
      { urls: files.map((f) => f.handle.url), folder, source, atOnce },
    );
    for (const [i, file] of files.entries()) {
      const path = saved.paths[i] ?? '';
      if ((await sha256OfFile(path)) !== file.sha256)
        throw new Error(`downloads API (${source}): wrong bytes in ${path}`);
      rmSync(path, { force: true });
    }
    rmSync(join(ext.downloadDir, folder), { recursive: true, force: true });
    return saved.seconds;
  } finally {
    await page.close();
  }
}
