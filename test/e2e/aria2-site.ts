/**
 * A members' site for the aria2 hand-off tests: `/members/login` sets an HttpOnly, SameSite=Lax
 * session cookie, and its big files are served (with ranges, so aria2 can resume them) only to a
 * request carrying it; the others get 403. Each file is throttled on its own by the test, so that
 * "mid-transfer" is a state the test sets, not a moment it hopes for.
 */
import type { FileHandle, TestServer } from '../server/index';

export const MEMBER_COOKIE = 'member=7c1e-logged-in';

export interface Aria2Site {
  loginPage: string;
  filesPage: string;
  /** A new members-only file at /members/<name>. */
  addFile(name: string, size: number): FileHandle;
  /** What the server received for one file: one entry per request. */
  requests(file: FileHandle): Array<{ cookie: string | null; referer: string | null; status: number }>;
}

export function addAria2Site(server: TestServer): Aria2Site {
  server.addRoute('/members/login', (_req, res) => {
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'set-cookie': `${MEMBER_COOKIE}; HttpOnly; SameSite=Lax; Path=/members`,
    });
    res.end('<!doctype html><title>Welcome</title><p>Logged in.</p>');
  });
  server.addRoute('/members/files.html', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end('<!doctype html><title>Files</title><p>Big files for members.</p>');
  });
  return {
    loginPage: server.url('/members/login'),
    filesPage: server.url('/members/files.html'),
    addFile: (name, size) => server.addFile(`/members/${name}`, { size, requireCookie: MEMBER_COOKIE }),
    requests: (file) =>
      server.stats.log
        .filter((entry) => entry.path === new URL(file.url).pathname)
        .map(({ cookie, referer, status }) => ({ cookie, referer, status })),
  };
}
