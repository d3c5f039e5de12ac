/**
 * A site that serves its file only to a logged-in visitor coming from its own page, as many file
 * hosts do (job-model.md, "Credentials"). `/members/login` sets an HttpOnly, SameSite=Lax session
 * cookie; `/members/files.html` links to the file; `/members/file.bin` answers with the file only
 * when the request carries that cookie and `Referer` = the files page's URL, and with the login
 * page otherwise (status 200, as such sites do: only the bytes tell).
 */
import { expectedBytes, expectedSha256, type TestServer } from '../server/index';

export const MEMBER_COOKIE = 'member=7c1e-logged-in';

export interface LoggedInSite {
  loginPage: string;
  filesPage: string;
  file: string;
  sha256(): Promise<string>;
  /** What the server received for the file: one entry per request. */
  fileRequests(): Array<{ cookie: string | null; referer: string | null }>;
}

const LOGIN_HTML =
  '<!doctype html><title>Log in</title><form><input name="user"><button>Log in</button></form>';

export function addLoggedInSite(server: TestServer): LoggedInSite {
  const spec = { size: 1_500_000, seed: 4242 };
  const filesPage = server.url('/members/files.html');
  const file = server.url('/members/file.bin');
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
    res.end('<!doctype html><title>Files</title><p><a id="file" href="/members/file.bin">The file</a></p>');
  });
  server.addRoute('/members/file.bin', (req, res) => {
    const loggedIn = (req.headers.cookie ?? '').split(/;\s*/).includes(MEMBER_COOKIE);
    if (!loggedIn || req.headers.referer !== filesPage) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(LOGIN_HTML);
      return;
    }
    const body = expectedBytes(spec);
    res.writeHead(200, {
      'content-type': 'application/octet-stream',
      'content-length': String(body.length),
      'cache-control': 'no-store',
    });
    res.end(body);
  });
  return {
    loginPage: server.url('/members/login'),
    filesPage,
    file,
    sha256: () => expectedSha256(spec),
    fileRequests: () =>
      server.stats.log
        .filter((entry) => entry.path === '/members/file.bin')
        .map(({ cookie, referer }) => ({ cookie, referer })),
  };
}
