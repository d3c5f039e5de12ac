import { describe, expect, it } from 'vitest';
import type { JobInfo, JobState } from '../engine/types';
import { downloadStateOf } from './download-state';
import { fakeTransport, flush } from './fake-transport.test-support';
import { createSurfaces } from './install';
import { SPEC_EXAMPLE_INFO } from '../../test/engine/support/wmp-example';

const info = (id: string, patch: Partial<JobInfo> = {}): JobInfo =>
  ({
    id,
    owner: 'https://shop.example',
    state: 'QUEUED',
    priority: 'normal',
    progress: { bytesTotal: null, bytesTransferred: 0, filesTotal: 1, filesTransferred: 0 },
    files: [{ url: `https://cdn.example/${id}.mp3` }],
    error: null,
    wmp: null,
    times: { created: 1, modified: 1, transferCompleted: null },
    ...patch,
  }) as JobInfo;

describe('downloadState', () => {
  it('maps every job state as page-api.md says', () => {
    const expected: Record<JobState, number> = {
      QUEUED: 0,
      CONNECTING: 0,
      TRANSFERRING: 0,
      TRANSIENT_ERROR: 0,
      SUSPENDED: 1,
      ERROR: 1,
      TRANSFERRED: 2,
      ACKNOWLEDGED: 3,
      CANCELLED: 4,
    };
    for (const [state, value] of Object.entries(expected))
      expect(downloadStateOf(state as JobState)).toBe(value);
  });
});

describe('window.webbits', () => {
  it('talks to nobody until used, and then relays calls', async () => {
    const { transport, sent, take } = fakeTransport();
    const { webbits } = createSurfaces(transport);
    expect(webbits.version).toMatch(/^\d+\.\d+/);
    expect(sent).toEqual([]);
    const created = webbits.createJob({ displayName: 'A', files: [{ url: 'https://a.example/1' }] });
    const request = take('createJob');
    expect(request.args).toEqual({ init: { displayName: 'A', files: [{ url: 'https://a.example/1' }] } });
    request.resolve(info('j1'));
    const job = await created;
    expect(job.id).toBe('j1');
    const resumed = job.resume();
    const resume = take('resume');
    expect(resume.args).toEqual({ id: 'j1' });
    resume.resolve(info('j1', { state: 'QUEUED' }));
    expect((await resumed).state).toBe('QUEUED');
  });

  it('re-creates errors with their names and messages', async () => {
    const { transport, take } = fakeTransport();
    const { webbits } = createSurfaces(transport);
    const missing = webbits.getJob('nope');
    take('getJob').reject('BG_E_NOT_FOUND', 'no job nope');
    await expect(missing).rejects.toMatchObject({ name: 'BG_E_NOT_FOUND', message: 'no job nope' });
    const bad = webbits.createJob({ displayName: 'x', files: [{ url: 'file:///x' }] });
    take('createJob').reject('TypeError', 'files[0].url: only http and https URLs can be downloaded');
    await expect(bad).rejects.toBeInstanceOf(TypeError);
    const blocked = webbits.requestAccess();
    take('requestAccess').reject('NotAllowedError', 'blocked');
    await expect(blocked).rejects.toMatchObject({ name: 'NotAllowedError' });
  });

  it('subscribes when a jobchange listener is added, and dispatches pushed changes', async () => {
    const { transport, take, push } = fakeTransport();
    const { webbits } = createSurfaces(transport);
    const seen: JobInfo[] = [];
    webbits.addEventListener('jobchange', (event) => seen.push((event as CustomEvent<JobInfo>).detail));
    expect(take('subscribe').args).toEqual({ mirror: false });
    push({ kind: 'jobchange', job: info('j1', { state: 'TRANSFERRING' }) });
    expect(seen.map((j) => j.state)).toEqual(['TRANSFERRING']);
  });
});

describe('external.DownloadManager', () => {
  it('asks for the mirror on first access; ready resolves with the collections in it', async () => {
    const { transport, take, sent } = fakeTransport();
    const surfaces = createSurfaces(transport);
    expect(sent).toEqual([]);
    const manager = surfaces.downloadManager();
    expect(surfaces.downloadManager()).toBe(manager);
    const subscribe = take('subscribe');
    expect(subscribe.args).toEqual({ mirror: true });
    const wmp = SPEC_EXAMPLE_INFO;
    subscribe.resolve({
      collections: [{ id: 424242, jobIds: ['j1', 'j2'] }],
      jobs: [
        info('j1', {
          state: 'ACKNOWLEDGED',
          wmp,
          progress: { bytesTotal: 10, bytesTransferred: 10, filesTotal: 1, filesTransferred: 1 },
        }),
        info('j2', {
          state: 'ERROR',
          priority: 'foreground',
          error: { message: 'gone' } as JobInfo['error'],
        }),
      ],
    });
    await manager.ready;
    const collection = manager.getDownloadCollection(424242);
    expect(collection.count).toBe(2);
    const [done, failed] = [collection.item(0), collection.item(1)];
    expect([done.downloadState, done.progress, done.size, done.type]).toEqual([3, 10, 10, 'background']);
    expect(done.getItemInfo('Album')).toBe('Live: 1999');
    expect(done.getItemInfo('WM/TrackNumber')).toBe('3');
    expect(done.getItemInfo('Nothing')).toBe('');
    expect([failed.downloadState, failed.type, failed.error]).toEqual([1, 'real time', 'gone']);
    expect(manager.getDownloadCollection(2 ** 32 - 1)).toBe(manager.getDownloadCollection(-1));
    expect(manager.getDownloadCollection(12345).count).toBe(0);
  });

  it('throws TypeError at once for invalid arguments', () => {
    const { transport } = fakeTransport();
    const manager = createSurfaces(transport).downloadManager();
    const collection = manager.getDownloadCollection(1);
    expect(() => manager.getDownloadCollection('1')).toThrow(TypeError);
    expect(() => manager.getDownloadCollection(0)).toThrow(TypeError);
    expect(() => manager.getDownloadCollection(1.5)).toThrow(TypeError);
    expect(() => collection.startDownload('javascript:alert(1)', 'background')).toThrow(
      /^sourceURL: only http and https/,
    );
    expect(() => collection.startDownload('https://a.example/1.mp3', 'soon')).toThrow(TypeError);
    expect(() => collection.item(0)).toThrow(TypeError);
    expect(() => collection.removeItem(-1)).toThrow(TypeError);
  });

  it('shows a started item at once, binds it to its job, and follows pushed changes', async () => {
    const { transport, take, push } = fakeTransport();
    const manager = createSurfaces(transport).downloadManager();
    take('subscribe').resolve({ collections: [], jobs: [] });
    const collection = manager.createDownloadCollection();
    expect(collection.id).not.toBe(0);
    expect(take('createCollection').args).toEqual({ collectionId: collection.id });
    const item = collection.startDownload('https://cdn.example/t/1.mp3', 'real time');
    expect([collection.count, item.downloadState, item.progress, item.size]).toEqual([1, 0, -1, -1]);
    expect([item.sourceURL, item.type]).toEqual(['https://cdn.example/t/1.mp3', 'real time']);
    const start = take('startDownload');
    expect(start.args).toEqual({
      collectionId: collection.id,
      url: 'https://cdn.example/t/1.mp3',
      type: 'real time',
    });
    start.resolve(info('j9', { priority: 'foreground' }));
    await flush();
    push({ kind: 'collections', collections: [{ id: collection.id, jobIds: ['j9'] }] });
    expect(collection.count).toBe(1);
    expect(collection.item(0)).toBe(item);
    push({
      kind: 'jobchange',
      job: info('j9', {
        state: 'TRANSFERRING',
        times: { created: 1, modified: 5, transferCompleted: null },
        progress: { bytesTotal: 100, bytesTransferred: 40, filesTotal: 1, filesTransferred: 0 },
      }),
    });
    expect([item.downloadState, item.progress, item.size]).toEqual([0, 40, 100]);
    // A snapshot older than the change does not take it back.
    push({ kind: 'mirror', collections: [{ id: collection.id, jobIds: ['j9'] }], jobs: [info('j9')] });
    expect(item.progress).toBe(40);
    // pause does nothing for 'real time'; cancel goes through.
    item.pause();
    item.cancel();
    await flush();
    expect(take('cancel').args).toEqual({ id: 'j9' });
    expect(() => take('suspend')).toThrow();
  });

  it('removes items at once and tells the background once they are bound', async () => {
    const { transport, take } = fakeTransport();
    const manager = createSurfaces(transport).downloadManager();
    take('subscribe').resolve({ collections: [], jobs: [] });
    const collection = manager.getDownloadCollection(77);
    collection.startDownload('https://cdn.example/a.mp3', 'background');
    collection.startDownload('https://cdn.example/b.mp3', 'background');
    collection.removeItem(0);
    expect(collection.count).toBe(1);
    expect(collection.item(0).sourceURL).toBe('https://cdn.example/b.mp3');
    take('startDownload').resolve(info('ja'));
    await flush();
    expect(take('removeItem').args).toEqual({ collectionId: 77, jobId: 'ja' });
    collection.Clear();
    expect(collection.count).toBe(0);
    take('startDownload').reject('BG_E_TOO_MANY_JOBS_PER_USER', 'too many');
    await flush();
  });

  it('keeps an item whose start failed, paused, with the error', async () => {
    const { transport, take } = fakeTransport();
    const manager = createSurfaces(transport).downloadManager();
    const item = manager.getDownloadCollection(3).startDownload('https://cdn.example/a.mp3', 'background');
    take('startDownload').reject('NotAllowedError', 'https://shop.example is not allowed to add downloads');
    await flush();
    expect([item.downloadState, item.error]).toEqual([
      1,
      'https://shop.example is not allowed to add downloads',
    ]);
  });
});
