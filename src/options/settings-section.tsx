/** A card of settings (ui.md "Options page"), each applied as soon as it is valid. */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ExtensionSettings } from '../shared/extension-settings';
import type { BackgroundApi } from '../shared/background-api';
import { t, type MessageKey } from '../ui/i18n';
import { errorMessage } from '../ui/page';
import { SettingInput } from './setting-input';
import { SETTING_FIELDS, type SettingField, type SettingKey, type SettingValue } from './settings-fields';

export function SettingsSection({
  api,
  fields = SETTING_FIELDS,
  heading = 'transfersHeading',
  headingId = 'transfers-heading',
  intro,
  footer,
}: {
  api: BackgroundApi;
  fields?: readonly SettingField[];
  heading?: MessageKey;
  headingId?: string;
  intro?: MessageKey;
  /** Below the fields; `saved()` resolves once every change typed so far is stored. */
  footer?: (saved: () => Promise<unknown>) => ComponentChildren;
}) {
  const [settings, setSettings] = useState<ExtensionSettings | null>(null);
  const [status, setStatus] = useState<{ text: string; failed: boolean } | null>(null);
  // Changes go out one after another, so the last value typed is the one that stays.
  const queue = useRef<Promise<unknown>>(Promise.resolve());

  useEffect(() => {
    api
      .getSettings()
      .then(setSettings, (caught: unknown) => setStatus({ text: errorMessage(caught), failed: true }));
  }, [api]);

  const apply = (key: SettingKey, value: SettingValue) => {
    const field = fields.find((candidate) => candidate.key === key);
    const label = field ? t(field.label) : key;
    queue.current = queue.current.then(async () => {
      try {
        await api.setSettings({ [key]: value });
        setStatus({ text: t('settingSaved', label), failed: false });
      } catch (caught) {
        setStatus({ text: errorMessage(caught), failed: true });
      }
    });
  };

  return (
    <section class="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t(heading)}</h2>
      {intro && <p class="muted">{t(intro)}</p>}
      {settings === null ? (
        <p class="muted">{status?.text ?? t('loading')}</p>
      ) : (
        <div class="settings">
          {fields.map((field) => (
            <SettingInput key={field.key} field={field} initial={settings[field.key]} onValid={apply} />
          ))}
        </div>
      )}
      {settings !== null && footer?.(() => queue.current)}
      <p class={status?.failed ? 'status error-text' : 'status ok-text'} role="status">
        {settings !== null ? status?.text : ''}
      </p>
    </section>
  );
}
