/**
 * The engine's FileSaver over the browser's downloads API (files-on-disk.md): a blob: URL of the
 * stored chunks, downloads.download with uniquify, then the browser's verdict. The download id is
 * remembered per file so that the popup's "Open" and "Show in folder" can find the file.
 */
import type { FileSaver, SaveRequest } from '../engine/ports';
import type { BlobUrlSource } from './blob-urls';
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

export function createDownloadsSaver(deps: {
  downloads: DownloadsPort;
  watcher: DownloadWatcher;
  blobUrls: BlobUrlSource;
  saved: SavedDownloads;
}): FileSaver {
  const currentOutcome = (id: number) => async (): Promise<DownloadOutcome | null> => {
    const [item] = await deps.downloads.search({ id });
    if (item?.state === 'complete') return { state: 'complete' };
    if (item?.state === 'interrupted') return { state: 'interrupted', error: item.error ?? 'FAILED' };
    return null;
  };
  return {
    async save(request: SaveRequest) {
      const url = await deps.blobUrls.create(request);
      try {
        const id = await deps.downloads.download({
          url,
          filename: request.path,
          conflictAction: 'uniquify',
          saveAs: false,
        });
        const outcome = await deps.watcher.wait(id, currentOutcome(id));
        if (outcome.state === 'interrupted') {
          throw new Error(`The browser could not save ${request.path} (${outcome.error}).`);
        }
        const [item] = await deps.downloads.search({ id });
        await deps.saved.remember(request.jobId, request.fileIndex, id);
        return { localPath: savedPath(request.path, item?.filename) };
      } finally {
        await deps.blobUrls.revoke(url).catch(() => undefined);
      }
    },
  };
}
