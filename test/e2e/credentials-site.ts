/**
 * Two sites on one test server for the credentials tests: `http://127.0.0.1:P` (the store page's
 * own site) and `http://localhost:P` (another site where the person is logged in). `/login` sets an
 * HttpOnly, SameSite=Lax session cookie for whichever host it is visited on.
 */
import type { TestServer } from '../server/index';
import type { JobInfo } from '../../src/engine/types';

export const SESSION_COOKIE = 'sid=logged-in-4f2a';

export interface CredentialSites {
  ownOrigin: string;
  otherOrigin: string;
  /** Routes and files, added once. */
  storePage: string;
  ownFile: string;
  otherFile: string;
  /** On the own site: a 302 to `otherFile`. */
  redirectToOther: string;
  /** The Cookie header of every request the server received for a path (null: none sent). */
  cookiesFor(url: string): (string | null)[];
}

export function addCredentialSites(server: TestServer): CredentialSites {
  const ownOrigin = server.origin;
  const otherOrigin = ownOrigin.replace('127.0.0.1', 'localhost');
  server.addRoute('/login', (_req, res) => {
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'set-cookie': `${SESSION_COOKIE}; HttpOnly; SameSite=Lax; Path=/`,
    });
    res.end('<!doctype html><title>Logged in</title><p>Logged in.</p>');
  });
  server.addRoute('/store.html', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end('<!doctype html><meta charset="utf-8"><title>Store</title><h1>Store</h1>');
  });
  server.addFile('/cred/own.bin', { size: 300_000 });
  server.addFile('/cred/site-b.bin', { size: 300_000 });
  server.addFile('/cred/via-redirect.bin', { size: 300_000 });
  server.addRoute('/cred/go', (_req, res) => {
    res.writeHead(302, { location: `${otherOrigin}/cred/via-redirect.bin`, 'cache-control': 'no-store' });
    res.end();
  });
  return {
    ownOrigin,
    otherOrigin,
    storePage: `${ownOrigin}/store.html`,
    ownFile: `${ownOrigin}/cred/own.bin`,
    otherFile: `${otherOrigin}/cred/site-b.bin`,
    redirectToOther: `${ownOrigin}/cred/go`,
    cookiesFor(url) {
      const { pathname, host } = new URL(url);
      return server.stats.log.filter((e) => e.path === pathname && e.host === host).map((e) => e.cookie);
    },
  };
}

/** Runs in the store page: creates a one-file job, resumes it and resolves with its final info. */
export async function runPageJob(url: string): Promise<JobInfo> {
  type Job = { id: string; resume(): Promise<unknown> };
  const webbits = (window as unknown as { webbits: EventTarget & { createJob(i: unknown): Promise<Job> } })
    .webbits;
  const job = await webbits.createJob({ displayName: 'Credentials', files: [{ url }] });
  const finished = new Promise<JobInfo>((resolve) =>
    webbits.addEventListener('jobchange', (event) => {
      const info = (event as CustomEvent<JobInfo>).detail;
      if (info.id === job.id && (info.state === 'ACKNOWLEDGED' || info.state === 'ERROR')) resolve(info);
    }),
  );
  await job.resume();
  return finished;
}
