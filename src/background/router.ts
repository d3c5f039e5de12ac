/**
 * Routes extension pages' requests to the background service. Every message is checked at this
 * end: the sender must be one of this extension's own pages (web pages and content scripts come
 * through the page API bridge instead), and the payload must match the method's schema.
 */
import type { BackgroundApi } from '../shared/background-api';
import { errorToPayload, type ApiResponse } from '../shared/api-messages';
import { isApiEnvelope, parseApiRequest } from '../shared/background-schemas';

export interface MessageSender {
  id?: string;
  url?: string;
  tab?: unknown;
}

/** An extension page: our id, and a URL on our own origin (a content script's URL is the web page's). */
export function isExtensionPageSender(
  sender: MessageSender,
  runtimeId: string,
  extensionOrigin: string,
): boolean {
  const origin = extensionOrigin.endsWith('/') ? extensionOrigin : `${extensionOrigin}/`;
  return sender.id === runtimeId && typeof sender.url === 'string' && sender.url.startsWith(origin);
}

/**
 * Answers an API request, or returns undefined for messages that are not API requests (so another
 * listener, such as the offscreen document, can answer them).
 */
export function routeApiMessage(
  message: unknown,
  sender: MessageSender,
  context: { runtimeId: string; extensionOrigin: string; service: () => Promise<BackgroundApi> },
): Promise<ApiResponse> | undefined {
  if (!isApiEnvelope(message)) return undefined;
  if (!isExtensionPageSender(sender, context.runtimeId, context.extensionOrigin)) {
    return Promise.resolve({
      ok: false,
      error: { name: 'NotAllowedError', message: 'Only WebBITS pages may call this.' },
    });
  }
  const parsed = parseApiRequest(message);
  if (!parsed.ok)
    return Promise.resolve({ ok: false, error: { name: 'TypeError', message: parsed.message } });
  return (async (): Promise<ApiResponse> => {
    try {
      const service = await context.service();
      const call = service[parsed.method] as (input: unknown) => Promise<unknown>;
      const value = await call(parsed.input);
      return { ok: true, value: value ?? null };
    } catch (error) {
      return { ok: false, error: errorToPayload(error) };
    }
  })();
}
