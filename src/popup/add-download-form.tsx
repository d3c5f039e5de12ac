/** "Add download": a URL the background turns into a job owned by "user", resumed at once. */
import type { BackgroundApi } from '../shared/background-api';
import type { JobInfo } from '../engine/types';
import { t } from '../ui/i18n';
import { useUrlForm } from './use-url-form';

interface AddDownloadFormProps {
  api: BackgroundApi;
  onAdded(job: JobInfo): void;
}

export function AddDownloadForm({ api, onAdded }: AddDownloadFormProps) {
  const form = useUrlForm(async (url) => onAdded(await api.addDownload({ url })));

  return (
    <form class="add-form" aria-label={t('addDownload')} noValidate onSubmit={form.submit}>
      <div class="add-row">
        <input
          type="url"
          aria-label={t('urlLabel')}
          autoFocus
          placeholder={t('urlPlaceholder')}
          value={form.url}
          aria-invalid={form.error !== null}
          aria-describedby={form.error !== null ? 'add-error' : undefined}
          onInput={form.onInput}
        />
        <button type="submit" class="primary" disabled={form.busy}>
          {t('add')}
        </button>
      </div>
      {form.error !== null && (
        <p id="add-error" class="add-error error-text" role="alert">
          {form.error}
        </p>
      )}
    </form>
  );
}
