/** One option: its label, its hint, and a message naming it when what was typed is refused. */
import { useState } from 'preact/hooks';
import { t } from '../ui/i18n';
import { parseSetting, settingText } from './settings-fields';
import type { SettingField, SettingKey, SettingValue } from './settings-fields';

interface SettingInputProps {
  field: SettingField;
  initial: SettingValue;
  onValid(key: SettingKey, value: SettingValue): void;
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

  const described = `${id}-hint${error !== null ? ` ${id}-error` : ''}`;
  const common = {
    value: text,
    'aria-invalid': error !== null,
    'aria-describedby': described,
    onInput: (event: Event) => update((event.currentTarget as HTMLInputElement).value),
  };

  const input = () => {
    switch (field.kind) {
      case 'boolean':
        return (
          <input
            id={id}
            type="checkbox"
            checked={text === 'true'}
            aria-describedby={described}
            onChange={(event) => update(String(event.currentTarget.checked))}
          />
        );
      case 'hosts':
        return <textarea id={id} rows={3} spellcheck={false} {...common} />;
      case 'folder':
      case 'rpc-address':
        return <input id={id} type="text" {...common} />;
      case 'text':
        // ui.md names it a textbox (a password field has no textbox role); it is not a form field
        // the browser should offer to remember.
        return <input id={id} type="text" autocomplete="off" spellcheck={false} {...common} />;
      case 'choice':
        return (
          <select
            id={id}
            value={text}
            aria-describedby={described}
            onChange={(event) => update(event.currentTarget.value)}
          >
            {field.choices?.map((choice) => (
              <option key={choice.value} value={choice.value}>
                {t(choice.label)}
              </option>
            ))}
          </select>
        );
      default:
        return <input id={id} type="number" min={field.min} max={field.max} step={1} {...common} />;
    }
  };

  return (
    <div class={`setting setting-${field.kind}`}>
      <label for={id}>{t(field.label)}</label>
      {input()}
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
