/**
 * The options, kept in storage.local under one key with typed defaults. Whatever is stored is
 * read through the same schema pages are checked with, so a bad stored value falls back to its
 * default instead of reaching the engine.
 */
import * as v from 'valibot';
import { SettingsPatchSchema } from '../shared/background-schemas';
import { DEFAULT_EXTENSION_SETTINGS, type ExtensionSettings } from '../shared/extension-settings';

export const SETTINGS_KEY = 'settings';

/** Every valid field of `stored` over the defaults; invalid or unknown fields are dropped. */
export function normaliseSettings(stored: unknown): ExtensionSettings {
  const settings: ExtensionSettings = structuredClone(DEFAULT_EXTENSION_SETTINGS);
  if (typeof stored !== 'object' || stored === null) return settings;
  const fieldSchemas = SettingsPatchSchema.entries;
  for (const key of Object.keys(DEFAULT_EXTENSION_SETTINGS) as Array<keyof ExtensionSettings>) {
    if (!(key in stored)) continue;
    const parsed = v.safeParse(fieldSchemas[key], (stored as Record<string, unknown>)[key]);
    if (parsed.success && parsed.output !== undefined)
      (settings as unknown as Record<string, unknown>)[key] = parsed.output;
  }
  return settings;
}

export interface KeyValueArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

export async function loadSettings(area: KeyValueArea): Promise<ExtensionSettings> {
  const items = await area.get(SETTINGS_KEY);
  return normaliseSettings(items[SETTINGS_KEY]);
}

/** Merges a checked patch into the stored settings and returns the result. */
export async function saveSettings(
  area: KeyValueArea,
  patch: Partial<ExtensionSettings>,
): Promise<ExtensionSettings> {
  const next = normaliseSettings({ ...(await loadSettings(area)), ...patch });
  await area.set({ [SETTINGS_KEY]: next });
  return next;
}
