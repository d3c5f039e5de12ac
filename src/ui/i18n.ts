/**
 * `t(key, ...subs)`: the extension's own message lookup (`i18n.getMessage`), with the English
 * messages bundled as a fallback so that unit tests and a page opened outside the extension still
 * read sensibly.
 */
import englishMessages from '../../public/_locales/en/messages.json';

export type MessageKey = keyof typeof englishMessages;

interface MessageEntry {
  message: string;
  placeholders?: Record<string, { content: string }>;
}

interface I18nApi {
  getMessage(name: string, substitutions?: string | string[]): string;
  getUILanguage(): string;
}

function extensionI18n(): I18nApi | null {
  const scope = globalThis as { browser?: { i18n?: I18nApi }; chrome?: { i18n?: I18nApi } };
  const api = scope.browser?.i18n ?? scope.chrome?.i18n;
  return api && typeof api.getMessage === 'function' ? api : null;
}

/** Resolves `$NAME$` placeholders and `$1`..`$9` the way the browsers do for messages.json. */
export function formatMessage(entry: MessageEntry, subs: readonly string[]): string {
  const positional = (text: string): string =>
    text.replace(/\$(\d)/g, (_, d: string) => subs[Number(d) - 1] ?? '');
  const named = entry.message.replace(/\$([A-Za-z0-9_@]+)\$/g, (whole, name: string) => {
    const placeholder = entry.placeholders?.[name.toLowerCase()];
    return placeholder ? positional(placeholder.content) : whole;
  });
  return named.replace(/\$\$/g, '$');
}

const fallback = englishMessages as Record<string, MessageEntry>;

export function t(key: MessageKey, ...subs: Array<string | number>): string {
  const texts = subs.map(String);
  const localized = extensionI18n()?.getMessage(key, texts);
  if (localized) return localized;
  const entry = fallback[key];
  return entry ? formatMessage(entry, texts) : key;
}

/** The browser's UI language ("en-US", "fr"), for number and date formatting. */
export function uiLanguage(): string {
  return extensionI18n()?.getUILanguage() ?? globalThis.navigator?.language ?? 'en';
}
