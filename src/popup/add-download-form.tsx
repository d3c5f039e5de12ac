/** "Add download": a URL the background turns into a job owned by "user", resumed at once. */
import { useState } from 'preact/hooks';
import type { BackgroundApi } from '../shared/background-api';
import type { JobInfo } from '../engine/types';
import { t } from '../ui/i18n';
import { errorMessage } from '../ui/page';

interface AddDownloadFormProps {
  api: BackgroundApi;
  onAdded(job: JobInfo): void;
}

export function AddDownloadForm({ api, onAdded }: AddDownloadFormProps) {
  const [url, setUrl] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const trimmed = url.trim();
    if (!trimmed) return;
    setBusy(true);
    try {
      onAdded(await api.addDownload({ url: trimmed }));
      setUrl('');
      setError(null);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="add-form" aria-label={t('addDownload')} noValidate onSubmit={submit}>
      <div class="add-row">
        <input
          type="url"
          aria-label={t('urlLabel')}
          autoFocus
          placeholder={t('urlPlaceholder')}
          value={url}
          aria-invalid={error !== null}
          aria-describedby={error !== null ? 'add-error' : undefined}
          onInput={(event) => {
            setUrl(event.currentTarget.value);
            setError(null);
          }}
        />
        <button type="submit" class="primary" disabled={busy}>
          {t('add')}
        </button>
      </div>
      {error !== null && (
        <p id="add-error" class="add-error error-text" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
