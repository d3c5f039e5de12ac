/**
 * The TypeScript side of ensure-tools.sh: `npm start` calls it before anything else, and code that
 * finds a tool missing later throws MissingToolError, whose message is the one sentence to print.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

export const ENSURE_TOOLS_SCRIPT = resolve(import.meta.dirname, 'ensure-tools.sh');

/** A program WebBITS needs is not installed; the message says what to install, in one sentence. */
export class MissingToolError extends Error {
  override name = 'MissingToolError';
}

/**
 * Runs ensure-tools.sh for `tools` (chromium, firefox-esr, aria2c, curl), which installs the missing
 * ones or prints the sentence saying what to install. True when every tool is present afterwards.
 */
export function ensureTools(tools: string[], options: { for: string }): boolean {
  const result = spawnSync('bash', [ENSURE_TOOLS_SCRIPT, '--for', options.for, ...tools], {
    stdio: 'inherit',
  });
  if (result.error) {
    console.error(
      `WebBITS needs bash to check for ${tools.join(', ')}: install bash and run ${options.for} again.`,
    );
    return false;
  }
  return result.status === 0;
}
