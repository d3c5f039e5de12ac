/**
 * One page port served by the bridge frame: checked requests go to the background over one
 * runtime port (opened on the first request, named after the page's origin), answers and pushes
 * come back. A createJob with a Blob is checked by the background first (`checkJob`: arguments
 * and consent), then the background has the engine host stage the Blob from a `blob:` URL
 * (`stageBlob`, blob-urls.ts), then the job is created with the reference; the background removes a staged
 * file whose job it refused. When the background goes away (Chrome stops its
 * worker), calls in flight fail with AbortError, and the bridge connects again by itself only if
 * the page subscribed and one of its jobs was running, so an idle page never wakes the worker.
 */
import type { JobState } from '../engine/types';
import {
  pagePortName,
  type BackgroundToRelay,
  type PageMethod,
  type PagePush,
  type PageResponse,
  type RuntimePortLike,
} from '../shared/page-protocol';
import type { BlobUrls } from './blob-urls';
import { checkEnvelope } from './envelope';
import { takePageBlobs, type PageBlobs } from './page-blobs';

export interface BridgeEnv {
  connect(name: string): RuntimePortLike;
  blobUrls: BlobUrls;
  newId(): string;
}

export interface BridgeSession {
  /** Back from the back/forward cache: the browser closed the runtime port meanwhile. */
  revive(): void;
}

/** States in which the background is working on a job, so a dropped port means it restarted. */
const ACTIVE_STATES: readonly JobState[] = ['QUEUED', 'CONNECTING', 'TRANSFERRING', 'TRANSFERRED'];

type Answer = (response: PageResponse) => void;

export function serveBridgePort(page: MessagePort, origin: string, env: BridgeEnv): BridgeSession {
  let background: RuntimePortLike | null = null;
  let subscription: unknown = null;
  let nextId = 0;
  const waiting = new Map<number, Answer>();
  const jobStates = new Map<string, JobState>();

  const toPage = (message: BackgroundToRelay): void => page.postMessage(message);
  const failure = (name: string, message: string): PageResponse => ({
    kind: 'response',
    id: -1,
    ok: false,
    error: { name, message },
  });
  const answerPage =
    (id: number): Answer =>
    (response) =>
      toPage({ ...response, id });

  const fromBackground = (message: unknown): void => {
    const m = message as BackgroundToRelay;
    if (typeof m !== 'object' || m === null) return;
    if (m.kind === 'response') {
      const answer = waiting.get(m.id);
      waiting.delete(m.id);
      answer?.(m);
      return;
    }
    if (m.kind === 'jobchange') jobStates.set(m.job.id, m.job.state);
    else if (m.kind === 'jobremoved') jobStates.delete(m.id);
    else if (m.kind === 'mirror') for (const job of m.jobs) jobStates.set(job.id, job.state);
    else if (m.kind !== 'collections') return;
    toPage(m as PagePush);
  };

  const open = (): RuntimePortLike => {
    const port = env.connect(pagePortName(origin));
    background = port;
    port.onMessage.addListener(fromBackground);
    port.onDisconnect.addListener(() => {
      if (background === port) background = null;
      const answers = [...waiting.values()];
      waiting.clear();
      for (const answer of answers)
        answer(failure('AbortError', 'WebBITS restarted while this call was in progress; try again'));
      // The worker was stopped while it worked on this page's jobs: wake it and listen again.
      const busy = [...jobStates.values()].some((state) => ACTIVE_STATES.includes(state));
      if (subscription && busy) resubscribe();
    });
    // A new background session knows nothing of this page: it subscribes again first.
    if (subscription) send('subscribe', subscription, resubscribed, port);
    return port;
  };
  const resubscribed: Answer = (response) => {
    const value = response.ok ? (response.value as { collections?: unknown; jobs?: unknown } | null) : null;
    if ((subscription as { mirror?: boolean }).mirror && value && Array.isArray(value.jobs)) {
      toPage({
        kind: 'mirror',
        ...(value as Pick<Extract<PagePush, { kind: 'mirror' }>, 'collections' | 'jobs'>),
      });
    }
  };
  const resubscribe = (): void => {
    try {
      open();
    } catch {
      // The extension was reloaded or removed: nothing to reconnect to.
    }
  };
  const send = (method: PageMethod, args: unknown, answer: Answer, port?: RuntimePortLike): void => {
    const id = nextId++;
    try {
      (port ?? background ?? open()).postMessage({ kind: 'request', id, method, args });
      waiting.set(id, answer);
    } catch {
      answer(failure('AbortError', 'WebBITS is not available (the extension was reloaded or removed)'));
    }
  };
  const call = (method: PageMethod, args: unknown): Promise<PageResponse> =>
    new Promise((resolve) => send(method, args, resolve));

  const createWithBlobs = async (id: number, method: PageMethod, found: PageBlobs): Promise<void> => {
    const reply = answerPage(id);
    const checked = await call('checkJob', found.args);
    if (!checked.ok) return reply(checked);
    for (const { ref, blob } of found.blobs) {
      const url = env.blobUrls.create(blob);
      const staged = await call('stageBlob', { url, staged: ref.staged, size: ref.size }).finally(() =>
        env.blobUrls.revoke(url),
      );
      if (!staged.ok) return reply(staged);
    }
    reply(await call(method, found.args));
  };

  page.onmessage = (event: MessageEvent): void => {
    const checked = checkEnvelope(event.data);
    if (!checked.ok) {
      if (checked.id !== null) answerPage(checked.id)(failure('TypeError', checked.problem));
      return;
    }
    const { id, method, args } = checked.request;
    let found: PageBlobs;
    try {
      found = takePageBlobs(method, args, env.newId);
    } catch (error) {
      return answerPage(id)(failure('TypeError', (error as Error).message));
    }
    if (found.blobs.length > 0) return void createWithBlobs(id, method, found);
    send(method, args, answerPage(id));
    if (method === 'subscribe') subscription = args;
  };

  return {
    revive() {
      if (subscription && !background) resubscribe();
    },
  };
}
