import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../engine/types';
import { DEFAULT_EXTENSION_SETTINGS, engineSettings } from '../shared/extension-settings';
import { EngineSettingsPatchSchema } from '../shared/background-schemas';
import * as v from 'valibot';
import { loadSettings, normaliseSettings, saveSettings, SETTINGS_KEY, type KeyValueArea } from './settings';

function memoryArea(initial: Record<string, unknown> = {}): KeyValueArea & { data: Record<string, unknown> } {
  const data = { ...initial };
  return {
    data,
    get: async (key) => (key in data ? { [key]: data[key] } : {}),
    set: async (items) => void Object.assign(data, items),
  };
}

describe('settings', () => {
  it('has the defaults of ui.md when nothing is stored', async () => {
    expect(await loadSettings(memoryArea())).toEqual(DEFAULT_EXTENSION_SETTINGS);
    expect(DEFAULT_EXTENSION_SETTINGS).toMatchObject({
      connectionsPerFile: 4,
      backgroundJobs: 2,
      userRetryDelay: 60,
      takeOver: false,
      takeOverMinMB: 5,
      takeOverNeverSites: [],
    });
  });

  it('keeps valid stored fields and drops invalid or unknown ones', () => {
    expect(
      normaliseSettings({
        connectionsPerFile: 8,
        backgroundJobs: 99,
        downloadFolder: '../x',
        userRetryDelay: 5,
        takeOver: true,
        takeOverMinMB: -1,
        takeOverNeverSites: ['files.example', 'not a host'],
        extra: 1,
      }),
    ).toEqual({ ...DEFAULT_EXTENSION_SETTINGS, connectionsPerFile: 8, userRetryDelay: 5, takeOver: true });
    expect(normaliseSettings('garbage')).toEqual(DEFAULT_EXTENSION_SETTINGS);
  });

  it('merges a patch into what is stored', async () => {
    const area = memoryArea({ [SETTINGS_KEY]: { connectionsPerFile: 2 } });
    const next = await saveSettings(area, { backgroundBandwidthLimit: 500 });
    expect(next).toEqual({
      ...DEFAULT_EXTENSION_SETTINGS,
      connectionsPerFile: 2,
      backgroundBandwidthLimit: 500,
    });
    expect(area.data[SETTINGS_KEY]).toEqual(next);
    expect(
      (await saveSettings(area, { backgroundBandwidthLimit: null })).backgroundBandwidthLimit,
    ).toBeNull();
  });

  it("gives the engine host only the engine's settings, which its schema accepts", () => {
    const all = normaliseSettings({ takeOver: true, takeOverNeverSites: ['a.example'] });
    const sent = engineSettings(all);
    expect(sent).toEqual(DEFAULT_SETTINGS);
    expect(v.is(v.required(EngineSettingsPatchSchema), sent)).toBe(true);
    // The host's schema is strict: a background-only field would be refused.
    expect(v.is(v.required(EngineSettingsPatchSchema), all)).toBe(false);
  });
});
