import { describe, expect, it, vi } from 'vitest';
import type { JobManager } from '../engine/ports';
import { DEFAULT_SETTINGS, type JobInfo, type JobState } from '../engine/types';
import { createBackgroundService, type BackgroundServiceDeps } from './background-service';
import { displayNameFromUrl } from './download-name';
import { DEFAULT_EXTENSION_SETTINGS, type ExtensionSettings } from '../shared/extension-settings';

function fakeEngine(states: Record<string, JobState> = {}) {
  const engine = {
    createJob: vi.fn(
      async (owner: string, init: { displayName: string }) =>
        ({ id: 'new', owner, ...init }) as unknown as JobInfo,
    ),
    resume: vi.fn(async (_scope: string, id: string) => ({ id, state: 'QUEUED' }) as JobInfo),
    suspend: vi.fn(async (_scope: string, id: string) => ({ id, state: 'SUSPENDED' }) as JobInfo),
    listJobs: vi.fn(() => Object.entries(states).map(([id, state]) => ({ id, state }) as JobInfo)),
  };
  return engine;
}

function service(engine: ReturnType<typeof fakeEngine>, settings = DEFAULT_SETTINGS) {
  const deps = {
    engine: engine as unknown as JobManager,
    getSettings: async () => settings,
    beforeStart: vi.fn(async () => undefined),
    pickerPage: async (id: string) => (id === 'p1' ? 'https://files.example/list' : null),
  } as unknown as BackgroundServiceDeps;
  return createBackgroundService(deps);
}

describe('createBackgroundService', () => {
  it('adds a download owned by "user", named after the URL, with the user retry delay, and starts it', async () => {
    const engine = fakeEngine();
    const job = await service(engine, { ...DEFAULT_SETTINGS, userRetryDelay: 5 }).addDownload({
      url: 'https://a.example/music/01%20Song.mp3?x=1',
    });
    expect(engine.createJob).toHaveBeenCalledWith('user', {
      displayName: '01 Song.mp3',
      priority: 'normal',
      files: [{ url: 'https://a.example/music/01%20Song.mp3?x=1' }],
      minimumRetryDelay: 5,
    });
    expect(engine.resume).toHaveBeenCalledWith('*', 'new');
    expect(job.state).toBe('QUEUED');
  });

  it("gives a download from a page that page's referrer, and sets it up before resuming", async () => {
    const engine = fakeEngine();
    const api = service(engine);
    await api.addDownload({ url: 'https://files.example/a.zip', referrer: 'https://files.example/list' });
    expect(engine.createJob).toHaveBeenLastCalledWith(
      'user',
      expect.objectContaining({ referrer: 'https://files.example/list' }),
    );
    await api.addDownloads({
      urls: ['https://files.example/b.zip', 'https://cdn.example/c.zip'],
      pickerId: 'p1',
    });
    const referrers = engine.createJob.mock.calls.map((call) => (call[1] as { referrer?: string }).referrer);
    expect(referrers).toEqual([
      'https://files.example/list',
      'https://files.example/list',
      'https://files.example/',
    ]);
    await api.addDownloads({ urls: ['https://files.example/d.zip'], pickerId: 'gone' });
    expect(engine.createJob.mock.calls.at(-1)?.[1]).not.toHaveProperty('referrer');
  });

  it('pauses every running or waiting job, and resumes only suspended ones', async () => {
    const engine = fakeEngine({
      a: 'TRANSFERRING',
      b: 'QUEUED',
      c: 'ERROR',
      d: 'SUSPENDED',
      e: 'ACKNOWLEDGED',
    });
    const api = service(engine);
    await api.pauseAll();
    expect(engine.suspend.mock.calls.map((call) => call[1])).toEqual(['a', 'b']);
    await api.resumeAll();
    expect(engine.resume.mock.calls.map((call) => call[1])).toEqual(['d']);
  });
});

describe('displayNameFromUrl', () => {
  it('uses the decoded last path segment, else the host', () => {
    expect(displayNameFromUrl('https://a.example/x/Caf%C3%A9.pdf')).toBe('Café.pdf');
    expect(displayNameFromUrl('https://a.example/')).toBe('a.example');
    expect(displayNameFromUrl('https://a.example/bad%E0%A4%A')).toBe('bad%E0%A4%A');
  });
});

describe('hand-off to aria2', () => {
  const aria2 = { ...DEFAULT_EXTENSION_SETTINGS, aria2Address: 'http://127.0.0.1:6800/jsonrpc' };
  function withAria2(settings: ExtensionSettings, handOff: JobManager['handOff']) {
    const engine = {
      ...fakeEngine(),
      handOff: vi.fn(handOff),
      getJob: vi.fn(() => ({ id: 'j', files: [{ url: 'https://a.example/f' }] }) as unknown as JobInfo),
    };
    const deps = {
      engine: engine as unknown as JobManager,
      getSettings: async () => settings,
      beforeStart: vi.fn(async () => undefined),
      cookieHeader: vi.fn(async (url: string) => `seen=${url}`),
    } as unknown as BackgroundServiceDeps;
    return { engine, deps, api: createBackgroundService(deps) };
  }

  it('"Downloads I start" hands every new download off with the cookies for its URL', async () => {
    const { engine, api } = withAria2(
      { ...aria2, aria2Send: 'start' },
      async (_s, id) => ({ id, state: 'QUEUED' }) as JobInfo,
    );
    await api.addDownload({ url: 'https://a.example/big.iso' });
    expect(engine.handOff).toHaveBeenCalledWith('*', 'new', { cookies: ['seen=https://a.example/big.iso'] });
    expect(engine.resume).not.toHaveBeenCalled();
  });

  it('falls back to the browser when aria2 cannot take it', async () => {
    const { engine, api } = withAria2({ ...aria2, aria2Send: 'start' }, async () => {
      throw new Error('aria2 at http://127.0.0.1:6800/jsonrpc could not be reached');
    });
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect((await api.addDownload({ url: 'https://a.example/big.iso' })).state).toBe('QUEUED');
    expect(engine.resume).toHaveBeenCalledWith('*', 'new');
  });

  it('"When I choose" leaves new downloads in the browser; "Send to aria2" hands one off', async () => {
    const { engine, api } = withAria2(
      { ...aria2, aria2Send: 'choose' },
      async (_s, id) => ({ id }) as JobInfo,
    );
    await api.addDownload({ url: 'https://a.example/big.iso' });
    expect(engine.handOff).not.toHaveBeenCalled();
    await api.sendToAria2({ id: 'j' });
    expect(engine.handOff).toHaveBeenCalledWith('*', 'j', { cookies: ['seen=https://a.example/f'] });
  });

  it('"Never" or no address: nothing goes to aria2', async () => {
    const never = withAria2({ ...aria2, aria2Send: 'never' }, async (_s, id) => ({ id }) as JobInfo);
    await expect(never.api.sendToAria2({ id: 'j' })).rejects.toThrow(/aria2 is off/);
    const off = withAria2(
      { ...aria2, aria2Address: '', aria2Send: 'start' },
      async (_s, id) => ({ id }) as JobInfo,
    );
    await off.api.addDownload({ url: 'https://a.example/big.iso' });
    expect(off.engine.handOff).not.toHaveBeenCalled();
    expect(never.engine.handOff).not.toHaveBeenCalled();
  });
});
