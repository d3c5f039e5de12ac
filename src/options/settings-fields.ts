/**
 * The options page's fields: what each accepts and the message naming it when it does not
 * (ui.md "Options page"). Pure, so the rules are tested without a page.
 */
import { parseRpcAddress } from '../engine/aria2/rpc-address';
import type { ExtensionSettings } from '../shared/extension-settings';
import { t } from '../ui/i18n';
import type { MessageKey } from '../ui/i18n';

export type SettingKey = keyof ExtensionSettings;
export type SettingValue = ExtensionSettings[SettingKey];

export interface SettingField {
  key: SettingKey;
  label: MessageKey;
  hint: MessageKey;
  /**
   * 'boolean': a checkbox; 'hosts': one host name a line; 'rpc-address': an aria2 address or
   * empty; 'text': any line of text; 'choice': a select of `choices`.
   */
  kind: 'integer' | 'limit' | 'folder' | 'boolean' | 'hosts' | 'rpc-address' | 'text' | 'choice';
  min?: number;
  max?: number;
  choices?: ReadonlyArray<{ value: string; label: MessageKey }>;
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
  {
    key: 'pauseBackgroundOnMetered',
    label: 'pauseBackgroundOnMetered',
    hint: 'pauseBackgroundOnMeteredHint',
    kind: 'boolean',
  },
];

/** "Take over the browser's downloads" and its two limits (ui.md). */
export const TAKEOVER_FIELDS: readonly SettingField[] = [
  { key: 'takeOver', label: 'takeOver', hint: 'takeOverHint', kind: 'boolean' },
  {
    key: 'takeOverMinMB',
    label: 'takeOverMinMB',
    hint: 'takeOverMinMBHint',
    kind: 'integer',
    min: 0,
    max: 1_000_000,
  },
  { key: 'takeOverNeverSites', label: 'takeOverNeverSites', hint: 'takeOverNeverSitesHint', kind: 'hosts' },
];

/** (+) The hand-off to aria2 (ui.md): its address, its secret, and when jobs go there. */
export const ARIA2_FIELDS: readonly SettingField[] = [
  { key: 'aria2Address', label: 'aria2Address', hint: 'aria2AddressHint', kind: 'rpc-address' },
  { key: 'aria2Secret', label: 'aria2Secret', hint: 'aria2SecretHint', kind: 'text' },
  {
    key: 'aria2Send',
    label: 'aria2Send',
    hint: 'aria2SendHint',
    kind: 'choice',
    choices: [
      { value: 'never', label: 'aria2SendNever' },
      { value: 'choose', label: 'aria2SendChoose' },
      { value: 'start', label: 'aria2SendStart' },
    ],
  },
];

export const ALL_SETTING_FIELDS: readonly SettingField[] = [
  ...SETTING_FIELDS,
  ...TAKEOVER_FIELDS,
  ...ARIA2_FIELDS,
];

export type ParsedSetting = { ok: true; value: SettingValue } | { ok: false; message: string };

const HOST_NAME = /^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])$/;

/**
 * One host a line, as "Never for these sites" takes them: a pasted URL counts as its host, a
 * leading `*.` or a trailing dot is dropped, blank lines are skipped. null: the 1-based line that
 * is not a host.
 */
export function parseHostLines(raw: string): { hosts: string[] } | { badLine: number } {
  const hosts: string[] = [];
  const lines = raw.split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    let host = line.trim().toLowerCase();
    if (host === '') continue;
    if (host.includes('://')) {
      try {
        host = new URL(host).hostname;
      } catch {
        return { badLine: index + 1 };
      }
    }
    host = host.replace(/^\*\./, '').replace(/\.$/, '');
    if (host.length > 253 || !HOST_NAME.test(host)) return { badLine: index + 1 };
    if (!hosts.includes(host)) hosts.push(host);
  }
  return { hosts };
}

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
    case 'boolean':
      return { ok: true, value: text === 'true' };
    case 'rpc-address': {
      if (text === '') return { ok: true, value: '' };
      try {
        parseRpcAddress(text);
        return { ok: true, value: text };
      } catch {
        return { ok: false, message: t('invalidAria2Address', name) };
      }
    }
    case 'text':
      // A secret may hold spaces at either end: only control characters are refused.
      return hasControlCharacter(raw)
        ? { ok: false, message: t('invalidText', name) }
        : { ok: true, value: raw };
    case 'choice':
      return field.choices?.some((choice) => choice.value === text)
        ? { ok: true, value: text as SettingValue }
        : { ok: false, message: name };
    case 'hosts': {
      const parsed = parseHostLines(raw);
      return 'hosts' in parsed
        ? { ok: true, value: parsed.hosts }
        : { ok: false, message: t('invalidHosts', name, parsed.badLine) };
    }
  }
}

/** A setting's value as the text its field shows. */
export function settingText(value: SettingValue): string {
  if (value === null) return '';
  return Array.isArray(value) ? value.join('\n') : String(value);
}
