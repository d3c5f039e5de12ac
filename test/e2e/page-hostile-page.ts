/**
 * Calls into a store page's `window.webbits` for the hostile-input tests: answering the consent
 * prompt, and turning each call's outcome into a plain `name: message` string the test can compare.
 */
import type { Page } from 'playwright-core';
import type { ExtensionSession } from './harness';

export type PageWindow = { webbits: import('../../src/page/webbits').WebBits };

/** Asks for access from `page` and clicks "Allow" in the consent prompt that opens. */
export async function allowThroughPrompt(ext: ExtensionSession, page: Page): Promise<unknown> {
  const prompt = ext.context.waitForEvent('page', { predicate: (p) => p.url().includes('consent.html') });
  const result = page.evaluate(() => (window as unknown as PageWindow).webbits.requestAccess());
  await (await prompt).getByRole('button', { name: 'Allow', exact: true }).click();
  return result;
}

/**
 * Calls `webbits.createJob(init)` in the page for each init; each outcome is `created` or the
 * rejection as `name: message`. A job that was wrongly created is cancelled so it cannot linger.
 */
export function createJobOutcomes(page: Page, inits: unknown[]): Promise<string[]> {
  return page.evaluate(
    (all) =>
      Promise.all(
        all.map((init) =>
          (window as unknown as PageWindow).webbits.createJob(init as never).then(
            async (job) => {
              await job.cancel();
              return 'created';
            },
            (error: Error) => `${error.name}: ${error.message}`,
          ),
        ),
      ),
    inits,
  );
}
