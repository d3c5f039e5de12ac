/**
 * The options page's fields: what each accepts and the message naming it when it does not
 * (ui.md "Options page"). Pure, so the rules are tested without a page.
 */
import type { Settings } from '../engine/types';
import { t } from '../ui/i18n';
import type { MessageKey } from '../ui/i18n';

export type SettingKey = keyof Settings;

export interface SettingField {
  key: SettingKey;
  label: MessageKey;
  hint: MessageKey;
  kind: 'integer' | 'limit' | 'folder';
  min?: number;
  max?: number;
}

export const SETTING_FIELDS: readonly SettingField[] = [
  {
    key: 'connectionsPerFile',
    label: 'connectionsPerFile',
    hint: 'connectionsPerFileHint',
    kind: 'integer',
    min: 1,
    max: 16,
  },
  {
    key: 'backgroundJobs',
    label: 'backgroundJobs',
    hint: 'backgroundJobsHint',
    kind: 'integer',
    min: 1,
    max: 6,
  },
  {
    key: 'backgroundBandwidthLimit',
    label: 'bandwidthLimit',
    hint: 'bandwidthLimitHint',
    kind: 'limit',
    min: 1,
  },
  { key: 'downloadFolder', label: 'downloadFolder', hint: 'downloadFolderHint', kind: 'folder' },
  // At least 5 s, the engine's floor for any retry delay; at most a day.
  {
    key: 'userRetryDelay',
    label: 'userRetryDelay',
    hint: 'userRetryDelayHint',
    kind: 'integer',
    min: 5,
    max: 86_400,
  },
];

export type ParsedSetting = { ok: true; value: Settings[SettingKey] } | { ok: false; message: string };

const WHOLE_NUMBER = /^\d+$/;
/** Characters no path component may hold (files-on-disk.md), besides the separators. */
const FORBIDDEN_IN_FOLDER = /[<>:"|?*]/;
const hasControlCharacter = (text: string): boolean => [...text].some((c) => c.charCodeAt(0) < 0x20);

function parseFolder(raw: string): string | null {
  const path = raw.trim().replace(/\\/g, '/');
  if (path === '') return '';
  if (
    path.startsWith('/') ||
    /^[A-Za-z]:/.test(path) ||
    FORBIDDEN_IN_FOLDER.test(path) ||
    hasControlCharacter(path)
  )
    return null;
  const parts = path.split('/').filter((part) => part.trim() !== '');
  if (parts.some((part) => part.trim() === '..' || part.trim() === '.')) return null;
  return parts.map((part) => part.trim()).join('/');
}

/** The text a person typed, as the setting's value, or the message naming the field. */
export function parseSetting(field: SettingField, raw: string): ParsedSetting {
  const name = t(field.label);
  const text = raw.trim();
  switch (field.kind) {
    case 'integer': {
      const value = Number(text);
      const { min = 0, max = Number.MAX_SAFE_INTEGER } = field;
      if (!WHOLE_NUMBER.test(text) || value < min || value > max)
        return { ok: false, message: t('invalidRange', name, min, max) };
      return { ok: true, value };
    }
    case 'limit': {
      if (text === '') return { ok: true, value: null };
      const value = Number(text);
      if (!WHOLE_NUMBER.test(text) || value < 1) return { ok: false, message: t('invalidLimit', name) };
      return { ok: true, value };
    }
    case 'folder': {
      const value = parseFolder(raw);
      return value === null ? { ok: false, message: t('invalidFolder', name) } : { ok: true, value };
    }
  }
}

/** A setting's value as the text its field shows. */
export function settingText(value: Settings[SettingKey]): string {
  return value === null ? '' : String(value);
}
