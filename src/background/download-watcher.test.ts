import { describe, expect, it } from 'vitest';
import { DownloadWatcher } from './download-watcher';
import { savedPath } from './saved-path';

describe('DownloadWatcher', () => {
  it('resolves when the download completes, ignoring progress deltas', async () => {
    const watcher = new DownloadWatcher();
    const done = watcher.wait(7);
    watcher.onChanged({ id: 7, filename: {} } as never);
    watcher.onChanged({ id: 8, state: { current: 'complete' } });
    watcher.onChanged({ id: 7, state: { current: 'complete' } });
    await expect(done).resolves.toEqual({ state: 'complete' });
  });

  it('reports an interruption with its reason', async () => {
    const watcher = new DownloadWatcher();
    const done = watcher.wait(3);
    watcher.onChanged({ id: 3, state: { current: 'interrupted' }, error: { current: 'FILE_NO_SPACE' } });
    await expect(done).resolves.toEqual({ state: 'interrupted', error: 'FILE_NO_SPACE' });
  });

  it('keeps an outcome that arrives before anyone waits', async () => {
    const watcher = new DownloadWatcher();
    watcher.onChanged({ id: 4, state: { current: 'complete' } });
    await expect(watcher.wait(4)).resolves.toEqual({ state: 'complete' });
  });

  it('asks for the current state in case the event was missed', async () => {
    const watcher = new DownloadWatcher();
    await expect(watcher.wait(5, async () => ({ state: 'complete' }))).resolves.toEqual({
      state: 'complete',
    });
  });
});

describe('the path a download reported', () => {
  it('comes with its completion, and only with its own', async () => {
    const watcher = new DownloadWatcher();
    const first = watcher.wait(1);
    const second = watcher.wait(2);
    watcher.onChanged({ id: 1, filename: { current: '/dl/a.bin' } });
    watcher.onChanged({ id: 2, state: { current: 'complete' } });
    watcher.onChanged({ id: 1, state: { current: 'complete' } });
    await expect(first).resolves.toEqual({ state: 'complete', filename: '/dl/a.bin' });
    await expect(second).resolves.toEqual({ state: 'complete' });
  });
});

describe('savedPath', () => {
  it('keeps the requested folders and takes the name the browser used', () => {
    expect(savedPath('Music/A/B/01 Song.mp3', '/home/me/Downloads/Music/A/B/01 Song (1).mp3')).toBe(
      'Music/A/B/01 Song (1).mp3',
    );
    expect(savedPath('song.mp3', 'C:\\Users\\me\\Downloads\\song (2).mp3')).toBe('song (2).mp3');
    expect(savedPath('song.mp3', undefined)).toBe('song.mp3');
  });
});
