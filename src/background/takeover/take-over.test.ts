import { describe, expect, it, vi } from 'vitest';
import type { JobInfo } from '../../engine/types';
import { DEFAULT_TAKEOVER_SETTINGS } from '../../shared/extension-settings';
import { RequestLog } from './request-log';
import { MIB, type BrowserDownload } from './should-take-over';
import { createTakeover, type TakeoverDeps } from './take-over';

const FILE = 'http://127.0.0.1:8000/big/report.bin';
const PAGE = 'http://127.0.0.1:8000/links.html';

function setup(patch: Partial<TakeoverDeps> = {}, downloadState = 'interrupted') {
  const requests = new RequestLog();
  const calls: string[] = [];
  const downloads = {
    cancel: vi.fn(async (id: number) => void calls.push(`cancel ${id}`)),
    erase: vi.fn(async ({ id }: { id: number }) => void calls.push(`erase ${id}`)),
    search: vi.fn(async () => [{ state: downloadState }]),
    removeFile: vi.fn(async (id: number) => void calls.push(`removeFile ${id}`)),
  };
  const deps: TakeoverDeps = {
    settings: () => ({ ...DEFAULT_TAKEOVER_SETTINGS, takeOver: true }),
    extensionId: 'webbits',
    requests,
    downloads,
    addDownload: vi.fn(async (input) => {
      calls.push(`add ${JSON.stringify(input)}`);
      return { id: 'job' } as JobInfo;
    }),
    failed: vi.fn(),
    leftToBrowser: () => false,
    sleep: async () => undefined,
    ...patch,
  };
  return { takeover: createTakeover(deps), deps, calls, requests, downloads };
}

const download = (patch: Partial<BrowserDownload> = {}): BrowserDownload => ({
  id: 4,
  url: FILE,
  finalUrl: FILE,
  referrer: PAGE,
  filename: 'report.bin',
  totalBytes: 20 * MIB,
  state: 'in_progress',
  ...patch,
});

const seeGet = (requests: RequestLog, url = FILE, method = 'GET') => {
  requests.noteRequest({ requestId: '1', url, method, tabId: 2 });
  requests.noteHeaders({ requestId: '1', statusCode: 200, responseHeaders: [] });
};

describe('createTakeover', () => {
  it("cancels and erases the browser's download before it makes the job", async () => {
    const { takeover, calls, requests } = setup();
    seeGet(requests);
    expect(await takeover.consider(download())).toEqual({ taken: true, job: { id: 'job' } });
    expect(calls).toEqual([
      'cancel 4',
      'erase 4',
      `add ${JSON.stringify({ url: FILE, name: 'report.bin', referrer: PAGE })}`,
    ]);
  });

  it('removes the file of a download that already finished (Firefox), then erases it', async () => {
    const { takeover, calls, requests } = setup({}, 'complete');
    seeGet(requests);
    await takeover.consider(download({ filename: '/home/me/Downloads/report.bin', totalBytes: -1 }));
    expect(calls.slice(0, 3)).toEqual(['cancel 4', 'removeFile 4', 'erase 4']);
    expect(calls[3]).toContain('"name":"report.bin"');
  });

  it('waits for the request behind the download, and leaves a POST to the browser', async () => {
    let slept = 0;
    const { takeover, requests, downloads } = setup({
      sleep: async () => {
        slept++;
        if (slept === 3) seeGet(requests, FILE, 'POST');
      },
    });
    expect(await takeover.consider(download())).toEqual({ taken: false, why: 'not-get' });
    expect(slept).toBe(3);
    expect(downloads.cancel).not.toHaveBeenCalled();
  });

  it('leaves a download whose request it never saw, after waiting a while', async () => {
    const { takeover, downloads } = setup();
    expect(await takeover.consider(download())).toEqual({ taken: false, why: 'not-seen' });
    expect(downloads.cancel).not.toHaveBeenCalled();
  });

  it('neither waits nor touches anything while off, or for its own saves', async () => {
    const sleep = vi.fn(async () => undefined);
    const off = setup({ settings: () => DEFAULT_TAKEOVER_SETTINGS, sleep });
    expect(await off.takeover.consider(download())).toEqual({ taken: false, why: 'off' });
    const own = setup({ sleep });
    const blob = download({
      url: 'blob:chrome-extension://webbits/1',
      finalUrl: 'blob:chrome-extension://webbits/1',
    });
    expect((await own.takeover.consider(blob)).taken).toBe(false);
    expect(sleep).not.toHaveBeenCalled();
    expect(own.downloads.cancel).not.toHaveBeenCalled();
  });

  it('tells the person why, with the link, when the job cannot be made', async () => {
    const { takeover, deps, requests } = setup({
      addDownload: async () => {
        throw new Error('WebBITS is out of space');
      },
    });
    seeGet(requests);
    expect(await takeover.consider(download())).toEqual({ taken: true, job: null });
    expect(deps.failed).toHaveBeenCalledWith(FILE, 'WebBITS is out of space');
  });

  it('lets the browser have a link the person reopened after a failed takeover', async () => {
    const { takeover, requests, downloads } = setup({ leftToBrowser: (url) => url === FILE });
    seeGet(requests);
    expect(await takeover.consider(download())).toEqual({ taken: false, why: 'left-to-browser' });
    expect(downloads.cancel).not.toHaveBeenCalled();
  });
});
