/** "Transfers": every setting, each applied as soon as it is valid. */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Settings } from '../engine/types';
import type { BackgroundApi } from '../shared/background-api';
import { t } from '../ui/i18n';
import { errorMessage } from '../ui/page';
import { SettingInput } from './setting-input';
import { SETTING_FIELDS } from './settings-fields';
import type { SettingKey } from './settings-fields';

export function SettingsSection({ api }: { api: BackgroundApi }) {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [status, setStatus] = useState<{ text: string; failed: boolean } | null>(null);
  // Changes go out one after another, so the last value typed is the one that stays.
  const queue = useRef<Promise<unknown>>(Promise.resolve());

  useEffect(() => {
    api
      .getSettings()
      .then(setSettings, (caught: unknown) => setStatus({ text: errorMessage(caught), failed: true }));
  }, [api]);

  const apply = (key: SettingKey, value: Settings[SettingKey]) => {
    const field = SETTING_FIELDS.find((candidate) => candidate.key === key);
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
    <section class="card" aria-labelledby="transfers-heading">
      <h2 id="transfers-heading">{t('transfersHeading')}</h2>
      {settings === null ? (
        <p class="muted">{status?.text ?? t('loading')}</p>
      ) : (
        <div class="settings">
          {SETTING_FIELDS.map((field) => (
            <SettingInput key={field.key} field={field} initial={settings[field.key]} onValid={apply} />
          ))}
        </div>
      )}
      <p class={status?.failed ? 'status error-text' : 'status ok-text'} role="status">
        {settings !== null ? status?.text : ''}
      </p>
    </section>
  );
}
