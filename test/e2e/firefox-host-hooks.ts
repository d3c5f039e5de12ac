/**
 * The engine host as Firefox tests reach it: through the background page's test hook
 * (`webbitsTest.host`, build-and-test.md), from an extension page (`runtime.getBackgroundPage()`).
 */
import type { Page } from 'puppeteer-core';

type TestHook = { host(method: string, input?: unknown): Promise<unknown> };
type ExtensionGlobal = {
  browser: { runtime: { getBackgroundPage(): Promise<Window & { webbitsTest: TestHook }> } };
};

/** A host call from `page`, an extension page, as the background makes it. */
export function firefoxHostCall(page: Page, method: string, input?: unknown): Promise<unknown> {
  return page.evaluate(
    async (m, i) => {
      const background = await (globalThis as unknown as ExtensionGlobal).browser.runtime.getBackgroundPage();
      return background.webbitsTest.host(m, i);
    },
    method,
    input,
  );
}
