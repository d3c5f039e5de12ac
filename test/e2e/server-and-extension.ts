/**
 * The pair most end-to-end tests need: the test server and the built extension in Chromium,
 * started before the tests of the file (or describe block) that calls this and closed after them.
 * The fields are filled in by then; a test may replace `ext` (a browser restart).
 */
import { afterAll, beforeAll } from 'vitest';
import { startTestServer, type TestServer } from '../server/index';
import { launchExtension, type ExtensionSession } from './harness';

export function useServerAndExtension(): { server: TestServer; ext: ExtensionSession } {
  const env = {} as { server: TestServer; ext: ExtensionSession };
  beforeAll(async () => {
    env.server = await startTestServer();
    env.ext = await launchExtension();
  });
  afterAll(async () => {
    await env.ext?.close();
    await env.server?.close();
  });
  return env;
}
