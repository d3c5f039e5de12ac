/**
 * Saving through the browser's downloads API (files-on-disk.md): the blob: URL the engine host's
 * document made of a finished file, downloads.download with uniquify, then the browser's verdict. The download id is
 * remembered per file so that the popup's "Open" and "Show in folder" can find the file.
 */
import type { DownloadOutcome, DownloadWatcher } from './download-watcher';
import { savedPath } from './saved-path';

export interface DownloadsPort {
  download(options: {
    url: string;
    filename: string;
    conflictAction: 'uniquify';
    saveAs: boolean;
  }): Promise<number>;
  search(query: {
    id: number;
  }): Promise<Array<{ id: number; state?: string; error?: string; filename: string }>>;
}

export interface SavedDownloads {
  remember(jobId: string, fileIndex: number, downloadId: number): Promise<void>;
}

export interface UrlSaverDeps {
  downloads: DownloadsPort;
  watcher: DownloadWatcher;
  saved: SavedDownloads;
  /**
   * The path asked for, by blob: URL, while the save runs. Chrome ignores downloads.download's
   * `filename` once the extension listens to onDeterminingFilename (takeover does), so that
   * listener gives the same name back (background main.ts).
   */
  names?: Map<string, string>;
}

/**
 * Saves the file behind a blob: URL (made where the bytes are: the engine host's document) and
 * resolves once the browser reports it complete, with the path actually used.
 */
export async function saveUrl(
  deps: UrlSaverDeps,
  request: { url: string; path: string; jobId: string; fileIndex: number },
): Promise<{ localPath: string }> {
  deps.names?.set(request.url, request.path);
  let outcome: DownloadOutcome;
  let id: number;
  try {
    id = await deps.downloads.download({
      url: request.url,
      filename: request.path,
      conflictAction: 'uniquify',
      saveAs: false,
    });
    const downloadId = id;
    outcome = await deps.watcher.wait(id, async (): Promise<DownloadOutcome | null> => {
      const [item] = await deps.downloads.search({ id: downloadId });
      if (item?.state === 'complete') return { state: 'complete' };
      if (item?.state === 'interrupted') return { state: 'interrupted', error: item.error ?? 'FAILED' };
      return null;
    });
  } finally {
    deps.names?.delete(request.url);
  }
  if (outcome.state === 'interrupted') {
    throw new Error(`The browser could not save ${request.path} (${outcome.error}).`);
  }
  // The path came with the download's events, as a rule; a search is the fallback.
  const filename = outcome.filename ?? (await deps.downloads.search({ id }))[0]?.filename;
  await deps.saved.remember(request.jobId, request.fileIndex, id);
  return { localPath: savedPath(request.path, filename) };
}
