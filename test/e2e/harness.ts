/**
 * Drives real Chromium with the built extension (dist/chrome), following build-and-test.md:
 * a persistent profile whose Preferences point downloads at a temporary folder, CDP
 * Browser.setDownloadBehavior 'default' so the browser (not Playwright) saves files, the extension
 * id from its service worker, and CDP ServiceWorker.stopWorker to kill the worker mid-transfer.
 *
 *   const ext = await launchExtension();
 *   const job = await ext.api('addDownload', { url });
 *   await ext.waitForJobState((j) => j.id === job.id && j.state === 'ACKNOWLEDGED');
 *   await ext.close();
 */
import { createHash } from 'node:crypto';
import { execSync } from 'node:child_process';
import {
  createReadStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { watch } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { chromium, type BrowserContext, type CDPSession, type Page, type Worker } from 'playwright-core';
import type { BackgroundApi } from '../../src/shared/background-api';
import type { JobInfo } from '../../src/engine/types';
import { MissingToolError } from '../tools/ensure-tools';

export const DIST_CHROME = resolve(import.meta.dirname, '../../dist/chrome');

/** Chromium on PATH; MissingToolError (its message the sentence to print) when it is not installed. */
export function chromiumPath(): string {
  try {
    return execSync('command -v chromium || command -v chromium-browser', {
      shell: '/bin/sh',
      stdio: ['ignore', 'pipe', 'ignore'],
    })
      .toString()
      .trim();
  } catch {
    throw new MissingToolError(
      'WebBITS needs Chromium: install it (Debian/Ubuntu: sudo apt-get install chromium) and try again.',
    );
  }
}

export interface LaunchOptions {
  /** Reuse a profile (relaunch); a new temporary one by default. */
  userDataDir?: string;
  /** Where downloads land; a new temporary folder by default. */
  downloadDir?: string;
  /** Extension folder to load; dist/chrome by default. */
  extensionDir?: string;
  /** Show the browser window (the demo with a display); headless by default, or WEBBITS_HEADED=1. */
  headed?: boolean;
  /** More Chromium switches, after the usual ones; `relaunch()` keeps them. */
  extraArgs?: string[];
}

type ApiInput<M extends keyof BackgroundApi> = Parameters<BackgroundApi[M]>[0];
type ApiResult<M extends keyof BackgroundApi> = Awaited<ReturnType<BackgroundApi[M]>>;

export interface ExtensionSession {
  context: BrowserContext;
  extensionId: string;
  userDataDir: string;
  downloadDir: string;
  /** Opens chrome-extension://<id>/<name>.html (plus an optional query) in a new tab. */
  openExtensionPage(name: string, query?: string): Promise<Page>;
  /** The extension's service worker (Playwright handle; it keeps working after a restart). */
  serviceWorker(): Promise<Worker>;
  /** Stops the service worker through CDP, as Chrome does when it is idle; resolves once stopped. */
  stopServiceWorker(): Promise<void>;
  /** Calls the background API from an extension page, exactly as the popup does. */
  api<M extends keyof BackgroundApi>(method: M, input?: ApiInput<M>): Promise<ApiResult<M>>;
  /**
   * Resolves with the first job for which `predicate` is true, watching the popup's live port
   * (which reconnects, and so wakes the worker, if the worker was stopped).
   */
  waitForJobState(predicate: (job: JobInfo) => boolean, timeoutMs?: number): Promise<JobInfo>;
  /** Closes this browser and launches again with the same profile and download folder. */
  relaunch(): Promise<ExtensionSession>;
  /** Closes the browser; removes the temporary folders unless `keepFiles`. */
  close(options?: { keepFiles?: boolean }): Promise<void>;
}

/**
 * Runs in an extension page: watches the jobs port and hands every job it sees to the exposed
 * `report` binding until one matches; reconnecting after a drop wakes a stopped worker.
 */
const WATCH_JOBS_SOURCE = `function (name) {
  const report = window[name];
  const open = function () {
    const port = chrome.runtime.connect({ name: 'jobs' });
    let done = false;
    port.onMessage.addListener(function (message) {
      const jobs = message.type === 'snapshot' ? message.jobs || [] : message.job ? [message.job] : [];
      report(jobs).then(function (matched) {
        if (matched && !done) {
          done = true;
          port.disconnect();
        }
      });
    });
    port.onDisconnect.addListener(function () {
      if (!done) setTimeout(open, 200);
    });
  };
  open();
}`;

const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function writeDownloadPreferences(userDataDir: string, downloadDir: string): void {
  const preferencesPath = join(userDataDir, 'Default', 'Preferences');
  if (existsSync(preferencesPath)) return; // a relaunch keeps the profile as the browser left it
  mkdirSync(dirname(preferencesPath), { recursive: true });
  const preferences = {
    download: { default_directory: downloadDir, prompt_for_download: false, directory_upgrade: true },
  };
  writeFileSync(preferencesPath, JSON.stringify(preferences));
}

export async function launchExtension(options: LaunchOptions = {}): Promise<ExtensionSession> {
  const userDataDir = options.userDataDir ?? mkdtempSync(join(tmpdir(), 'webbits-profile-'));
  const downloadDir = options.downloadDir ?? mkdtempSync(join(tmpdir(), 'webbits-downloads-'));
  const extensionDir = options.extensionDir ?? DIST_CHROME;
  if (!existsSync(join(extensionDir, 'manifest.json')))
    throw new Error(`${extensionDir} has no manifest.json: run npm run build`);
  writeDownloadPreferences(userDataDir, downloadDir);
  const headed = options.headed ?? process.env.WEBBITS_HEADED === '1';
  const extraArgs = options.extraArgs ?? [];
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: !headed,
    ignoreDefaultArgs: ['--disable-extensions'],
    acceptDownloads: false,
    args: [
      ...(headed ? CHROMIUM_ARGS.slice(1) : CHROMIUM_ARGS),
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      ...extraArgs,
    ],
  });
  const browser = context.browser();
  if (browser) {
    const session = await browser.newBrowserCDPSession();
    await session.send('Browser.setDownloadBehavior', { behavior: 'default' });
  }
  const isOurs = (worker: Worker) => worker.url().startsWith('chrome-extension://');
  const worker =
    context.serviceWorkers().find(isOurs) ??
    (await context.waitForEvent('serviceworker', { predicate: isOurs }));
  const extensionId = new URL(worker.url()).host;

  let controlPage: Page | null = null;
  const control = async (): Promise<Page> => {
    if (controlPage && !controlPage.isClosed()) return controlPage;
    controlPage = await context.newPage();
    await controlPage.goto(`chrome-extension://${extensionId}/popup.html`);
    return controlPage;
  };

  let cdp: CDPSession | null = null;
  const workerVersions = new Map<string, { scriptURL: string; runningStatus: string }>();
  const versionWaiters: Array<() => void> = [];
  const serviceWorkerCdp = async (): Promise<CDPSession> => {
    if (cdp) return cdp;
    cdp = await context.newCDPSession(await control());
    cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
      for (const version of versions) workerVersions.set(version.versionId, version);
      for (const wake of versionWaiters.splice(0)) wake();
    });
    await cdp.send('ServiceWorker.enable');
    return cdp;
  };
  const ourVersion = (status: string) =>
    [...workerVersions.entries()].find(
      ([, version]) =>
        version.scriptURL.startsWith(`chrome-extension://${extensionId}/`) &&
        version.runningStatus === status,
    )?.[0];
  const nextVersionUpdate = () => new Promise<void>((resolveUpdate) => versionWaiters.push(resolveUpdate));

  const session: ExtensionSession = {
    context,
    extensionId,
    userDataDir,
    downloadDir,
    async openExtensionPage(name, query = '') {
      const page = await context.newPage();
      await page.goto(
        `chrome-extension://${extensionId}/${name}.html${query ? `?${query.replace(/^\?/, '')}` : ''}`,
      );
      return page;
    },
    async serviceWorker() {
      return (
        context.serviceWorkers().find(isOurs) ?? context.waitForEvent('serviceworker', { predicate: isOurs })
      );
    },
    async stopServiceWorker() {
      const session = await serviceWorkerCdp();
      let running = ourVersion('running');
      while (!running) {
        await nextVersionUpdate();
        running = ourVersion('running');
      }
      const stopped = (async () => {
        while (workerVersions.get(running)?.runningStatus !== 'stopped') await nextVersionUpdate();
      })();
      await session.send('ServiceWorker.stopWorker', { versionId: running });
      await stopped;
    },
    async api(method, input) {
      const page = await control();
      const response = (await page.evaluate(
        ([m, i]) => chrome.runtime.sendMessage({ kind: 'webbits:api', method: m, input: i }),
        [method, input] as const,
      )) as { ok: true; value: unknown } | { ok: false; error: { name: string; message: string } };
      if (!response.ok) throw Object.assign(new Error(response.error.message), { name: response.error.name });
      return response.value as never;
    },
    async waitForJobState(predicate, timeoutMs = 120_000) {
      const page = await control();
      const handle = `webbitsWait${Math.random().toString(36).slice(2)}`;
      let settle: (job: JobInfo) => void = () => undefined;
      const found = new Promise<JobInfo>((resolveFound) => (settle = resolveFound));
      await page.exposeFunction(handle, (jobs: JobInfo[]) => {
        const job = jobs.find(predicate);
        if (job) settle(job);
        return Boolean(job);
      });
      // A source string, not a function: tsx (the demo) would wrap a function with its own helpers.
      await page.evaluate(`(${WATCH_JOBS_SOURCE})(${JSON.stringify(handle)})`);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`No job reached the expected state within ${timeoutMs} ms`)),
          timeoutMs,
        );
      });
      try {
        return await Promise.race([found, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    async relaunch() {
      await context.close();
      return launchExtension({ userDataDir, downloadDir, extensionDir, headed, extraArgs });
    },
    async close({ keepFiles = false } = {}) {
      await context.close().catch(() => undefined);
      if (!keepFiles && !options.userDataDir) rmSync(userDataDir, { recursive: true, force: true });
      if (!keepFiles && !options.downloadDir) rmSync(downloadDir, { recursive: true, force: true });
    },
  };
  return session;
}

/** Resolves once `path` exists, is not a partial download, and its size stops changing. */
export async function waitForFile(path: string, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  const folder = dirname(path);
  mkdirSync(folder, { recursive: true });
  return new Promise((resolveFile, reject) => {
    const watcher = watch(folder, { recursive: false }, () => check());
    const timer = setInterval(() => check(), 250);
    const finish = (error?: Error) => {
      watcher.close();
      clearInterval(timer);
      if (error) reject(error);
      else resolveFile(path);
    };
    function check(): void {
      if (existsSync(path) && statSync(path).isFile() && !existsSync(`${path}.crdownload`)) finish();
      else if (Date.now() > deadline) finish(new Error(`${path} did not appear within ${timeoutMs} ms`));
    }
    check();
  });
}

export function sha256File(path: string): Promise<string> {
  return new Promise((resolveHash, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (data) => hash.update(data))
      .on('error', reject)
      .on('end', () => resolveHash(hash.digest('hex')));
  });
}

/** The saved file of a job's first file, as an absolute path under the download folder. */
export function savedFilePath(
  session: Pick<ExtensionSession, 'downloadDir'>,
  job: JobInfo,
  fileIndex = 0,
): string {
  const localPath = job.files[fileIndex]?.localPath;
  if (!localPath)
    throw new Error(`File ${fileIndex} of job ${job.displayName} has no localPath (state ${job.state})`);
  return join(session.downloadDir, localPath);
}
