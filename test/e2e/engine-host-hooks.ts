/**
 * What the engine-host tests reach inside the browser: the engine host through the service
 * worker's test hook (`self.webbitsTest.host`, build-and-test.md), the origin private file system
 * as an extension page sees it, the offscreen document and the alarms. Each runs where the
 * product's own code would, so it sees what the product sees.
 */
import type { Page } from 'playwright-core';
import type { EngineHostApi, FlushThread, HostMethod } from '../../src/shared/engine-host-api';
import type { ExtensionSession } from './harness';

type HostInput<M extends HostMethod> = Parameters<EngineHostApi[M]>[0];
type HostAnswer<M extends HostMethod> = Awaited<ReturnType<EngineHostApi[M]>>;

interface TestGlobal {
  webbitsTest: { host(method: string, input?: unknown): Promise<unknown> };
}

/** Calls the engine host from the service worker, as the background does. */
export async function hostCall<M extends HostMethod>(
  ext: ExtensionSession,
  method: M,
  ...input: HostInput<M> extends undefined ? [] : [HostInput<M>]
): Promise<HostAnswer<M>> {
  const worker = await ext.serviceWorker();
  return (await worker.evaluate(([m, i]) => (self as unknown as TestGlobal).webbitsTest.host(m, i), [
    method,
    input[0],
  ] as const)) as HostAnswer<M>;
}

/** The backing files the host lists now. */
export function listBackingFiles(ext: ExtensionSession): Promise<string[]> {
  return hostCall(ext, 'listBackingFiles');
}

/** Which thread makes the backing files durable (src/engine-host/flush-worker.ts). */
export function flushThread(ext: ExtensionSession): Promise<FlushThread | null> {
  return hostCall(ext, 'flushThread');
}

/** Names in the root of the extension's origin private file system, read from an extension page. */
export async function listOpfs(ext: ExtensionSession): Promise<string[]> {
  const page: Page = await ext.openExtensionPage('options');
  try {
    return await page.evaluate(async () => {
      const root = await navigator.storage.getDirectory();
      const names: string[] = [];
      for await (const name of (root as unknown as { keys(): AsyncIterable<string> }).keys())
        names.push(name);
      return names.sort();
    });
  } finally {
    await page.close();
  }
}

/** The backing files of one job, by their names (`<jobId>-<fileIndex>.part`). */
export const ofJob = (names: string[], jobId: string): string[] =>
  names.filter((name) => name.startsWith(`${jobId}-`) && name.endsWith('.part'));

/** Closes the offscreen document from the service worker, as Chrome may close an idle one. */
export async function closeOffscreen(ext: ExtensionSession): Promise<void> {
  const worker = await ext.serviceWorker();
  await worker.evaluate(() => chrome.offscreen.closeDocument());
}

/**
 * The context ids of the offscreen documents that exist now, as the service worker sees them: a
 * document closed and created again has a new id.
 */
export async function offscreenDocuments(ext: ExtensionSession): Promise<string[]> {
  const worker = await ext.serviceWorker();
  return worker.evaluate(async () =>
    (
      await chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT' as chrome.runtime.ContextType] })
    ).map((context) => context.contextId),
  );
}

/** The names of the alarms set now. */
export async function alarmNames(ext: ExtensionSession): Promise<string[]> {
  const worker = await ext.serviceWorker();
  return worker.evaluate(async () => (await chrome.alarms.getAll()).map((alarm) => alarm.name));
}

/**
 * Polls `check` until it returns true or `timeoutMs` passes (then throws, naming `what`). For
 * facts no event announces (a document closed, an alarm cleared), with a deadline.
 */
export async function pollUntil(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs: number,
  intervalMs = 250,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Body bytes the server sent for one path so far. */
export function bytesSent(
  server: { stats: { byPath: Map<string, { bodyBytesSent: number }> } },
  path: string,
) {
  return server.stats.byPath.get(path)?.bodyBytesSent ?? 0;
}

/**
 * The most an interrupted download may fetch again (job-model.md): the unrecorded tail of each
 * connection, at most one chunk (1 MiB), plus what was still in its socket. The server counts a
 * byte as sent once the kernel took it, so bytes in a socket when the job stopped never reached
 * WebBITS, yet are sent again: a few of the throttle's 20 ms pacing slices per connection.
 */
export function mostFetchedAgain(connections: number, chunkBytes = 1 << 20): number {
  const inSockets = 128 * 1024;
  return connections * (chunkBytes + inSockets);
}
