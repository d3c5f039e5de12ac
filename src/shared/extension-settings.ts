/**
 * The options the person sets (ui.md, "Options page"), kept together in storage.local: the
 * engine's own settings (src/engine/types.ts `Settings`, which the engine host receives) and the
 * background's, which only the background reads (taking over the browser's downloads). The engine
 * host's schema accepts engine settings only, so the background sends `engineSettings(…)`.
 */
import { DEFAULT_SETTINGS, type Settings } from '../engine/types';

export interface TakeoverSettings {
  /** "Take over the browser's downloads" (default off). */
  takeOver: boolean;
  /** "Only files larger than (MB)": MiB, 0..1,000,000, default 5; an unknown size counts as larger. */
  takeOverMinMB: number;
  /** "Never for these sites": host names, lower case; each also covers its subdomains. */
  takeOverNeverSites: string[];
}

/** "Send to aria2": "Never", "When I choose" (the popup row's button), "Downloads I start". */
export const ARIA2_SEND_MODES = ['never', 'choose', 'start'] as const;
export type Aria2SendMode = (typeof ARIA2_SEND_MODES)[number];

export interface Aria2SendSettings {
  /** Default "When I choose": nothing leaves the browser unless the person asks (docs/aria2.md). */
  aria2Send: Aria2SendMode;
}

export type ExtensionSettings = Settings & TakeoverSettings & Aria2SendSettings;

export const DEFAULT_TAKEOVER_SETTINGS: TakeoverSettings = {
  takeOver: false,
  takeOverMinMB: 5,
  takeOverNeverSites: [],
};

export const DEFAULT_EXTENSION_SETTINGS: ExtensionSettings = {
  ...DEFAULT_SETTINGS,
  ...DEFAULT_TAKEOVER_SETTINGS,
  aria2Send: 'choose',
};

export const ENGINE_SETTING_KEYS = Object.keys(DEFAULT_SETTINGS) as Array<keyof Settings>;

/** Only the engine's fields of a settings object (whatever else it holds). */
export function engineSettings(settings: Settings): Settings {
  const picked = {} as Record<string, unknown>;
  for (const key of ENGINE_SETTING_KEYS) picked[key] = settings[key];
  return picked as unknown as Settings;
}

export function takeoverSettings(settings: TakeoverSettings): TakeoverSettings {
  return {
    takeOver: settings.takeOver,
    takeOverMinMB: settings.takeOverMinMB,
    takeOverNeverSites: [...settings.takeOverNeverSites],
  };
}
