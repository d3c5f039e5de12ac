/**
 * Whose cookies each request of a job may carry (job-model.md, "Credentials"), seen at the
 * engine's fetch port: the credentials mode of every request, first requests and redirects alike.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FetchPort } from '../../src/engine/ports';
import { MemoryJobStore } from '../../src/store/memory-store';
import { startTestServer, type TestServer } from '../server/index';
import { MiB, addJob, makeEnv, rejectionOf, run, storedSha256 } from './harness';

let server: TestServer;
/** The same server under another site's name. */
let otherSite: string;
beforeAll(async () => {
  server = await startTestServer();
  otherSite = server.origin.replace('127.0.0.1', 'localhost');
});
afterAll(async () => {
  await server.close();
});

interface Sent {
  url: string;
  credentials: RequestCredentials | undefined;
  redirect: RequestRedirect | undefined;
}

/** A store, an env whose fetch records what it is asked, and a job owned by `owner`. */
async function recordedJob(owner: string, url: string) {
  const store = new MemoryJobStore();
  const env = makeEnv(store, { connections: 2 });
  const sent: Sent[] = [];
  const realFetch: FetchPort = env.ports.fetch;
  env.ports.fetch = (target, init) => {
    sent.push({ url: target, credentials: init.credentials, redirect: init.redirect });
    return realFetch(target, init);
  };
  const { job } = await addJob(store, url);
  return { store, env, sent, job: { ...job, owner } };
}

function redirectRoute(from: string, to: string): void {
  server.addRoute(from, (_req, res) => {
    res.writeHead(302, { location: to, 'cache-control': 'no-store' });
    res.end();
  });
}

describe('credentials per owner', () => {
  it('a job the person started sends cookies everywhere and lets fetch follow redirects', async () => {
    const file = server.addFile('/cred/user.bin', { size: 3 * MiB });
    const { env, sent, job, store } = await recordedJob('user', `${otherSite}/cred/user.bin`);
    await run(env, job);
    expect(await storedSha256(store, job.id)).toBe(await file.sha256());
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.every((s) => s.credentials === 'include' && s.redirect === 'follow')).toBe(true);
  });

  it('a page job sends cookies to its own site (any port) and never follows a redirect with them', async () => {
    server.addFile('/cred/own.bin', { size: 3 * MiB });
    const { env, sent, job } = await recordedJob('http://127.0.0.1:1', server.url('/cred/own.bin'));
    await run(env, job);
    expect(sent.every((s) => s.credentials === 'include' && s.redirect === 'manual')).toBe(true);
  });

  it("a page job sends no cookie to another site's URL", async () => {
    const file = server.addFile('/cred/other.bin', { size: 3 * MiB });
    const { env, sent, job, store } = await recordedJob(server.origin, `${otherSite}/cred/other.bin`);
    await run(env, job);
    expect(await storedSha256(store, job.id)).toBe(await file.sha256());
    expect(sent.every((s) => s.credentials === 'omit')).toBe(true);
  });

  it("a redirect from the owner's site to another site: the hop to the other site goes without cookies", async () => {
    const file = server.addFile('/cred/target.bin', { size: 2 * MiB });
    redirectRoute('/cred/go', `${otherSite}/cred/target.bin`);
    const { env, sent, job, store } = await recordedJob(server.origin, server.url('/cred/go'));
    const { file: stored } = await run(env, job);
    expect(await storedSha256(store, job.id)).toBe(await file.sha256());
    expect(stored.finalUrl).toBe(`${otherSite}/cred/target.bin`);
    expect(sent[0]).toEqual({ url: server.url('/cred/go'), credentials: 'include', redirect: 'manual' });
    const toOther = sent.filter((s) => s.url.startsWith(otherSite));
    expect(toOther.length).toBeGreaterThan(0);
    expect(toOther.every((s) => s.credentials === 'omit')).toBe(true);
  });

  it("a redirect within the owner's site keeps the cookies, hop by hop", async () => {
    const file = server.addFile('/cred/inside.bin', { size: MiB });
    redirectRoute('/cred/inside', server.url('/cred/inside.bin'));
    const { env, sent, job, store } = await recordedJob(server.origin, server.url('/cred/inside'));
    await run(env, job);
    expect(await storedSha256(store, job.id)).toBe(await file.sha256());
    expect(sent.map((s) => [new URL(s.url).pathname, s.credentials])).toContainEqual([
      '/cred/inside.bin',
      'include',
    ]);
  });

  it('a page job redirected to a non-http URL fails with a clear error', async () => {
    redirectRoute('/cred/bad', 'ftp://example.com/file.bin');
    const { env, job } = await recordedJob(server.origin, server.url('/cred/bad'));
    const failure = await rejectionOf(run(env, job));
    expect(failure).toMatchObject({ name: 'TransferFailure' });
    expect((failure as Error).message).toMatch(/ftp: URL, which is not http or https/);
  });

  it('opaque redirects (the browser hides the hop) are asked again without cookies', async () => {
    const file = server.addFile('/cred/opaque.bin', { size: MiB });
    const { env, sent, job, store } = await recordedJob(server.origin, server.url('/cred/opaque.bin'));
    const realFetch = env.ports.fetch;
    // What a browser answers to `redirect: 'manual'` when the server redirects.
    env.ports.fetch = (url, init) =>
      init.redirect === 'manual'
        ? Promise.resolve(Response.redirect(url, 302)).then(opaque)
        : realFetch(url, init);
    await run(env, job);
    expect(await storedSha256(store, job.id)).toBe(await file.sha256());
    expect(sent.filter((s) => s.credentials === 'omit').length).toBeGreaterThan(0);
  });
});

/** A Response that reads like the Fetch standard's opaque-redirect filtered response. */
function opaque(response: Response): Response {
  void response.body?.cancel();
  return Object.defineProperty(new Response(null, { status: 200 }), 'type', { value: 'opaqueredirect' });
}
