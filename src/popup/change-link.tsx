/**
 * "Change link" (ui.md): a file whose link failed with 401, 403 or 410 (a signed link that
 * expired, say) can be given a new one: "New link", then "Use link" calls setFileUrl and resumes.
 */
import { useState } from 'preact/hooks';
import type { JobInfo } from '../engine/types';
import { t } from '../ui/i18n';
import { errorMessage } from '../ui/page';

/** HTTP statuses that mean "this link is no longer yours", not "this file is gone". */
const EXPIRED_LINK_STATUSES = [401, 403, 410];

/** The file whose link may be changed now, or null. */
export function linkToChange(job: JobInfo): number | null {
  const error = job.error;
  if (job.state !== 'ERROR' || error === null || error.fileIndex === null) return null;
  if (error.httpStatus === null || !EXPIRED_LINK_STATUSES.includes(error.httpStatus)) return null;
  return job.files[error.fileIndex]?.completed === false ? error.fileIndex : null;
}

export type ChangeLinkHandler = (id: string, fileIndex: number, url: string) => Promise<void>;

export function ChangeLink({ job, onChangeLink }: { job: JobInfo; onChangeLink: ChangeLinkHandler }) {
  const [open, setOpen] = useState(false);
  const [url, setUrl] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const fileIndex = linkToChange(job);
  if (fileIndex === null) return null;
  if (!open) {
    return (
      <button type="button" class="change-link" onClick={() => setOpen(true)}>
        {t('changeLink')}
      </button>
    );
  }
  const errorId = `link-error-${job.id}`;
  const submit = async (event: Event) => {
    event.preventDefault();
    const trimmed = url.trim();
    if (!trimmed) return;
    setBusy(true);
    try {
      await onChangeLink(job.id, fileIndex, trimmed);
      setOpen(false);
      setUrl('');
      setError(null);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="change-link-form" noValidate onSubmit={submit}>
      <input
        type="url"
        aria-label={t('newLink')}
        autoFocus
        value={url}
        aria-invalid={error !== null}
        aria-describedby={error !== null ? errorId : undefined}
        onInput={(event) => {
          setUrl(event.currentTarget.value);
          setError(null);
        }}
      />
      <button type="submit" class="primary" disabled={busy}>
        {t('useLink')}
      </button>
      {error !== null && (
        <p id={errorId} class="error-text" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
