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

/**
 * Each message is looked up once, with markers in place of its substitutions: a popup with a
 * thousand rows asks for the same few messages thousands of times.
 */
const MARKERS = Array.from({ length: 9 }, (_, i) => `\uE000${i + 1}\uE000`);
const templates = new Map<string, string>();

function template(key: string): string {
  let found = templates.get(key);
  if (found === undefined) {
    const localized = extensionI18n()?.getMessage(key, MARKERS);
    const entry = fallback[key];
    found = localized || (entry ? formatMessage(entry, MARKERS) : key);
    templates.set(key, found);
  }
  return found;
}

export function t(key: MessageKey, ...subs: Array<string | number>): string {
  const text = template(key);
  return text.includes('\uE000')
    ? text.replace(/\uE000(\d)\uE000/g, (_, d: string) => String(subs[Number(d) - 1] ?? ''))
    : text;
}

/** Forgets looked-up messages (tests that swap the extension lookup). */
export function clearMessageCache(): void {
  templates.clear();
}

/** The browser's UI language ("en-US", "fr"), for number and date formatting. */
export function uiLanguage(): string {
  return extensionI18n()?.getUILanguage() ?? globalThis.navigator?.language ?? 'en';
}
