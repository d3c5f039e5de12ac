import { describe, expect, it, vi } from 'vitest';
import { saveUrl, type DownloadsPort } from './downloads-saver';
import { DownloadWatcher } from './download-watcher';

const request = {
  url: 'blob:chrome-extension://x/1',
  jobId: 'j1',
  fileIndex: 0,
  path: 'Music/song.mp3',
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
  const saved = { remember: vi.fn(async () => undefined) };
  return { save: () => saveUrl({ downloads, watcher, saved }, request), downloads, saved };
}

describe('saveUrl', () => {
  it('downloads the blob URL with uniquify and resolves with the path actually used', async () => {
    const { save, downloads, saved } = setup('complete');
    await expect(save()).resolves.toEqual({ localPath: 'Music/song (1).mp3' });
    expect(downloads.download).toHaveBeenCalledWith({
      url: 'blob:chrome-extension://x/1',
      filename: 'Music/song.mp3',
      conflictAction: 'uniquify',
      saveAs: false,
    });
    expect(saved.remember).toHaveBeenCalledWith('j1', 0, 42);
  });

  it('takes the path from the download events when they reported it', async () => {
    const watcher = new DownloadWatcher();
    // A search would not tell the name (''): the path must come from the events.
    const search = vi.fn(async () => [{ id: 9, state: 'in_progress', filename: '' }]);
    const downloads: DownloadsPort = {
      download: vi.fn(async () => {
        queueMicrotask(() => {
          watcher.onChanged({ id: 9, filename: { current: '/home/me/Downloads/Music/song (2).mp3' } });
          watcher.onChanged({ id: 9, state: { current: 'complete' } });
        });
        return 9;
      }),
      search,
    };
    const saved = { remember: vi.fn(async () => undefined) };
    await expect(saveUrl({ downloads, watcher, saved }, request)).resolves.toEqual({
      localPath: 'Music/song (2).mp3',
    });
  });

  it('rejects when the browser interrupts the download', async () => {
    const { save, saved } = setup('interrupted');
    await expect(save()).rejects.toThrow(/could not save Music\/song.mp3 \(FILE_FAILED\)/);
    expect(saved.remember).not.toHaveBeenCalled();
  });
});
