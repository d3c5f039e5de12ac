/** One option: its label, its hint, and a message naming it when what was typed is refused. */
import { useState } from 'preact/hooks';
import type { Settings } from '../engine/types';
import { t } from '../ui/i18n';
import { parseSetting, settingText } from './settings-fields';
import type { SettingField, SettingKey } from './settings-fields';

interface SettingInputProps {
  field: SettingField;
  initial: Settings[SettingKey];
  onValid(key: SettingKey, value: Settings[SettingKey]): void;
}

export function SettingInput({ field, initial, onValid }: SettingInputProps) {
  const [text, setText] = useState(settingText(initial));
  const [error, setError] = useState<string | null>(null);
  const id = `setting-${field.key}`;

  // Applied as it is typed, so a setting takes effect without a separate "save".
  const update = (raw: string) => {
    setText(raw);
    const parsed = parseSetting(field, raw);
    if (parsed.ok) {
      setError(null);
      onValid(field.key, parsed.value);
    } else {
      setError(parsed.message);
    }
  };

  const common = {
    value: text,
    'aria-invalid': error !== null,
    'aria-describedby': `${id}-hint${error !== null ? ` ${id}-error` : ''}`,
    onInput: (event: Event) => update((event.currentTarget as HTMLInputElement).value),
  };

  return (
    <div class="setting">
      <label for={id}>{t(field.label)}</label>
      {field.kind === 'folder' ? (
        <input id={id} type="text" {...common} />
      ) : (
        <input id={id} type="number" min={field.min} max={field.max} step={1} {...common} />
      )}
      <p class="hint muted" id={`${id}-hint`}>
        {t(field.hint)}
      </p>
      {error !== null && (
        <p class="field-error error-text" id={`${id}-error`} role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
