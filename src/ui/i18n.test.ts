import { describe, expect, it } from 'vitest';
import english from '../../public/_locales/en/messages.json';
import french from '../../public/_locales/fr/messages.json';
import { clearMessageCache, formatMessage, t } from './i18n';

describe('t', () => {
  it('falls back to the English messages outside the extension', () => {
    expect(t('pauseAll')).toBe('Pause all');
    expect(t('bytesOf', '1 MB', '5 MB')).toBe('1 MB of 5 MB');
    expect(t('bytesOf', '$1', '$$')).toBe('$1 of $$');
    expect(t('consentQuestion', 'https://shop.example')).toBe(
      'Allow https://shop.example to add downloads to WebBITS?',
    );
  });

  it('uses the extension lookup when there is one', () => {
    const scope = globalThis as { chrome?: unknown };
    scope.chrome = {
      i18n: { getMessage: (k: string, s: string[]) => `${k}: ${s[1]} / ${s[0]}`, getUILanguage: () => 'fr' },
    };
    clearMessageCache();
    try {
      expect(t('bytesOf', 1, 2)).toBe('bytesOf: 2 / 1');
      expect(t('bytesOf', '3 Mo', '4 Mo')).toBe('bytesOf: 4 Mo / 3 Mo');
    } finally {
      delete scope.chrome;
      clearMessageCache();
    }
  });
});

describe('formatMessage', () => {
  it('resolves named placeholders in any case and literal dollars', () => {
    const entry = { message: 'Pay $$5 to $Who$', placeholders: { who: { content: '$1' } } };
    expect(formatMessage(entry, ['Ann'])).toBe('Pay $5 to Ann');
  });
});

describe('locales', () => {
  const placeholdersOf = (m: string) => [...m.matchAll(/\$([A-Z_]+)\$/g)].map((x) => x[1]).sort();

  it('French has every English key with the same placeholders', () => {
    for (const [key, entry] of Object.entries(english)) {
      const fr = (french as Record<string, { message: string }>)[key];
      expect(fr, key).toBeDefined();
      expect(placeholdersOf(fr?.message ?? ''), key).toEqual(placeholdersOf(entry.message));
    }
  });

  it('every placeholder used in a message is declared', () => {
    for (const locale of [english, french]) {
      for (const [key, entry] of Object.entries(locale) as Array<
        [string, { message: string; placeholders?: object }]
      >) {
        for (const name of placeholdersOf(entry.message)) {
          expect(Object.keys(entry.placeholders ?? {}), key).toContain(name?.toLowerCase());
        }
      }
    }
  });
});
