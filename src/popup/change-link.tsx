/**
 * "Change link" (ui.md): a file whose link failed with 401, 403 or 410 (a signed link that
 * expired, say) can be given a new one: "New link", then "Use link" calls setFileUrl and resumes.
 */
import { useState } from 'preact/hooks';
import type { JobInfo } from '../engine/types';
import { t } from '../ui/i18n';
import { useUrlForm } from './use-url-form';

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
  const fileIndex = linkToChange(job);
  const form = useUrlForm(async (url) => {
    if (fileIndex === null) return;
    await onChangeLink(job.id, fileIndex, url);
    setOpen(false);
  });
  if (fileIndex === null) return null;
  if (!open) {
    return (
      <button type="button" class="change-link" onClick={() => setOpen(true)}>
        {t('changeLink')}
      </button>
    );
  }
  const errorId = `link-error-${job.id}`;
  return (
    <form class="change-link-form" noValidate onSubmit={form.submit}>
      <input
        type="url"
        aria-label={t('newLink')}
        autoFocus
        value={form.url}
        aria-invalid={form.error !== null}
        aria-describedby={form.error !== null ? errorId : undefined}
        onInput={form.onInput}
      />
      <button type="submit" class="primary" disabled={form.busy}>
        {t('useLink')}
      </button>
      {form.error !== null && (
        <p id={errorId} class="error-text" role="alert">
          {form.error}
        </p>
      )}
    </form>
  );
}
