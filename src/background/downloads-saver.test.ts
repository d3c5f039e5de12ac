import { describe, expect, it, vi } from 'vitest';
import { createDownloadsSaver, type DownloadsPort } from './downloads-saver';
import { DownloadWatcher } from './download-watcher';

const request = {
  jobId: 'j1',
  fileIndex: 0,
  path: 'Music/song.mp3',
  bytesTotal: 10,
  contentType: 'audio/mpeg',
};

function setup(outcome: 'complete' | 'interrupted') {
  const watcher = new DownloadWatcher();
  const downloads: DownloadsPort = {
    download: vi.fn(async () => {
      queueMicrotask(() =>
        watcher.onChanged({
          id: 42,
          state: { current: outcome },
          ...(outcome === 'interrupted' ? { error: { current: 'FILE_FAILED' } } : {}),
        }),
      );
      return 42;
    }),
    search: vi.fn(async () => [
      { id: 42, state: 'in_progress', filename: '/home/me/Downloads/Music/song (1).mp3' },
    ]),
  };
  const blobUrls = {
    create: vi.fn(async () => 'blob:chrome-extension://x/1'),
    revoke: vi.fn(async () => undefined),
  };
  const saved = { remember: vi.fn(async () => undefined) };
  return { saver: createDownloadsSaver({ downloads, watcher, blobUrls, saved }), downloads, blobUrls, saved };
}

describe('createDownloadsSaver', () => {
  it('downloads the blob URL with uniquify and resolves with the path actually used', async () => {
    const { saver, downloads, blobUrls, saved } = setup('complete');
    await expect(saver.save(request)).resolves.toEqual({ localPath: 'Music/song (1).mp3' });
    expect(downloads.download).toHaveBeenCalledWith({
      url: 'blob:chrome-extension://x/1',
      filename: 'Music/song.mp3',
      conflictAction: 'uniquify',
      saveAs: false,
    });
    expect(saved.remember).toHaveBeenCalledWith('j1', 0, 42);
    expect(blobUrls.revoke).toHaveBeenCalledWith('blob:chrome-extension://x/1');
  });

  it('rejects when the browser interrupts the download, and still revokes the URL', async () => {
    const { saver, blobUrls } = setup('interrupted');
    await expect(saver.save(request)).rejects.toThrow(/could not save Music\/song.mp3 \(FILE_FAILED\)/);
    expect(blobUrls.revoke).toHaveBeenCalled();
  });
});
