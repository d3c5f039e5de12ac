import { afterEach, describe, expect, it, vi } from 'vitest';
import { connectJobs, createBackgroundClient, type ApiTransport } from './background-client';
import { API_MESSAGE_KIND, type ApiRequest } from './api-messages';
import type { JobsPortMessage } from './background-api';

describe('createBackgroundClient', () => {
  it('sends one request per call and resolves with the value', async () => {
    const sent: ApiRequest[] = [];
    const transport: ApiTransport = async (request) => {
      sent.push(request);
      return { ok: true, value: 3 };
    };
    const client = createBackgroundClient(transport);
    await expect(client.clearFinished()).resolves.toBe(3);
    await client.suspend({ id: 'job-1' });
    expect(sent).toEqual([
      { kind: API_MESSAGE_KIND, method: 'clearFinished', input: undefined },
      { kind: API_MESSAGE_KIND, method: 'suspend', input: { id: 'job-1' } },
    ]);
  });

  it('rejects with the BITS name and message the background sent', async () => {
    const client = createBackgroundClient(async () => ({
      ok: false,
      error: { name: 'BG_E_INVALID_STATE', message: 'The job is already saved.' },
    }));
    const error = await client.resume({ id: 'x' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe('BG_E_INVALID_STATE');
    expect((error as Error).message).toBe('The job is already saved.');
  });

  it('keeps a TypeError a TypeError', async () => {
    const client = createBackgroundClient(async () => ({
      ok: false,
      error: { name: 'TypeError', message: 'url: bad' },
    }));
    await expect(client.addDownload({ url: 'ftp://x' })).rejects.toBeInstanceOf(TypeError);
  });

  it('fails clearly when the background does not answer', async () => {
    const client = createBackgroundClient(async () => undefined);
    await expect(client.listJobs()).rejects.toThrow(/did not answer listJobs/);
  });
});

describe('connectJobs', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  function fakeRuntime() {
    const ports: Array<{ emit(m: unknown): void; drop(): void; disconnected: boolean }> = [];
    const runtime = {
      connect: vi.fn(() => {
        const messageListeners: Array<(m: unknown) => void> = [];
        const disconnectListeners: Array<() => void> = [];
        const port = {
          disconnected: false,
          onMessage: { addListener: (l: (m: unknown) => void) => messageListeners.push(l) },
          onDisconnect: { addListener: (l: () => void) => disconnectListeners.push(l) },
          disconnect() {
            port.disconnected = true;
          },
          emit: (m: unknown) => messageListeners.forEach((l) => l(m)),
          drop: () => disconnectListeners.forEach((l) => l()),
        };
        ports.push(port);
        return port;
      }),
      sendMessage: vi.fn(),
    };
    vi.stubGlobal('chrome', { runtime });
    return { runtime, ports };
  }

  it('passes the snapshot and changes on, and reconnects when the background restarts', () => {
    vi.useFakeTimers();
    const { runtime, ports } = fakeRuntime();
    const received: JobsPortMessage[] = [];
    const stop = connectJobs((m) => received.push(m));
    expect(runtime.connect).toHaveBeenCalledWith({ name: 'jobs' });
    ports[0]?.emit({ type: 'snapshot', jobs: [] });
    ports[0]?.emit({ type: 'removed', id: 'a' });
    expect(received).toEqual([
      { type: 'snapshot', jobs: [] },
      { type: 'removed', id: 'a' },
    ]);

    ports[0]?.drop();
    vi.runAllTimers();
    expect(runtime.connect).toHaveBeenCalledTimes(2);

    stop();
    expect(ports[1]?.disconnected).toBe(true);
    ports[1]?.drop();
    vi.runAllTimers();
    expect(runtime.connect).toHaveBeenCalledTimes(2);
  });
});

describe('openFile', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('opens the file from the page (which has the user gesture) and reveals it through the background', async () => {
    const sent: unknown[] = [];
    const open = vi.fn(async () => undefined);
    vi.stubGlobal('chrome', {
      runtime: {
        sendMessage: async (request: ApiRequest) => {
          sent.push(request);
          return { ok: true, value: request.method === 'savedDownloadId' ? 42 : null };
        },
        connect: vi.fn(),
      },
      downloads: { open },
    });
    const client = createBackgroundClient();
    await client.openFile({ id: 'j1', fileIndex: 0, reveal: false });
    expect(open).toHaveBeenCalledWith(42);
    expect(sent).toEqual([
      { kind: API_MESSAGE_KIND, method: 'savedDownloadId', input: { id: 'j1', fileIndex: 0 } },
    ]);

    await client.openFile({ id: 'j1', fileIndex: 0, reveal: true });
    expect(open).toHaveBeenCalledTimes(1);
    expect(sent.at(-1)).toEqual({
      kind: API_MESSAGE_KIND,
      method: 'openFile',
      input: { id: 'j1', fileIndex: 0, reveal: true },
    });
  });
});
