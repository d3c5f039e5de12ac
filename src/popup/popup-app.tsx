/** The toolbar popup: header actions, the "Add download" form and the live list of jobs. */
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Priority } from '../engine/types';
import type { BackgroundApi } from '../shared/background-api';
import { t, uiLanguage } from '../ui/i18n';
import { errorMessage } from '../ui/page';
import { AddDownloadForm } from './add-download-form';
import { savedFileIndex } from './job-actions';
import type { RowAction } from './job-actions';
import { JobList } from './job-list';
import { StorageNote } from './storage-note';
import { useJobs } from './use-jobs';
import { SiteAccessNotice } from '../ui/site-access-notice';

export function PopupApp({ api }: { api: BackgroundApi }) {
  const { entries, loaded, applyJob } = useJobs();
  const [failure, setFailure] = useState<string | null>(null);
  const lang = useMemo(uiLanguage, []);
  // ui.md: with "When I choose" (and an address), rows of your downloads offer "Send to aria2".
  const [offerAria2, setOfferAria2] = useState(false);
  useEffect(() => {
    api.getSettings().then(
      (settings) => setOfferAria2(settings.aria2Send === 'choose' && settings.aria2Address !== ''),
      () => undefined,
    );
  }, [api]);
  // The notice looks again whenever a job starts or stops waiting for site access.
  const waitingForAccess = useMemo(
    () =>
      [...entries.values()]
        .filter((entry) => entry.job.error?.code === 'E_ACCESSDENIED')
        .map((entry) => entry.job.id)
        .join(' '),
    [entries],
  );

  const run = useCallback(async (work: () => Promise<unknown>) => {
    try {
      setFailure(null);
      await work();
    } catch (caught) {
      setFailure(t('actionFailed', errorMessage(caught)));
    }
  }, []);

  // Rows are memoized on their props, so the handlers keep their identity and read the list through a ref.
  const entriesRef = useRef(entries);
  entriesRef.current = entries;

  const onAction = useCallback(
    (id: string, action: RowAction) => {
      const job = entriesRef.current.get(id)?.job;
      void run(async () => {
        switch (action) {
          case 'pause':
            return applyJob(await api.suspend({ id }));
          case 'resume':
          case 'retry':
            return applyJob(await api.resume({ id }));
          case 'cancel':
            return applyJob(await api.cancel({ id }));
          case 'saveNow':
          case 'finishUpload':
            return applyJob(await api.complete({ id }));
          case 'sendToAria2':
            return applyJob(await api.sendToAria2({ id }));
          case 'remove':
            return api.remove({ id });
          case 'open':
          case 'showInFolder':
            return api.openFile({
              id,
              fileIndex: (job && savedFileIndex(job)) ?? 0,
              reveal: action === 'showInFolder',
            });
        }
      });
    },
    [api, run, applyJob, entriesRef],
  );

  const onPriority = useCallback(
    (id: string, priority: Priority) =>
      void run(async () => applyJob(await api.setPriority({ id, priority }))),
    [api, run, applyJob],
  );

  // "Use link": the new link first, then the retry, so the job never retries the old one.
  const onChangeLink = useCallback(
    async (id: string, fileIndex: number, url: string) => {
      applyJob(await api.setFileUrl({ id, fileIndex, url }));
      applyJob(await api.resume({ id }));
    },
    [api, applyJob],
  );

  return (
    <main class="popup">
      <header class="popup-header">
        <h1 class="visually-hidden">{t('popupTitle')}</h1>
        <div class="toolbar">
          <button type="button" onClick={() => void run(() => api.pauseAll())}>
            {t('pauseAll')}
          </button>
          <button type="button" onClick={() => void run(() => api.resumeAll())}>
            {t('resumeAll')}
          </button>
          <button type="button" onClick={() => void run(() => api.clearFinished())}>
            {t('clearFinished')}
          </button>
        </div>
        <AddDownloadForm api={api} onAdded={applyJob} />
        <StorageNote api={api} />
        <SiteAccessNotice api={api} refresh={waitingForAccess} />
        {failure !== null && (
          <p class="popup-failure error-text" role="alert">
            {failure}
          </p>
        )}
      </header>
      {!loaded ? (
        <p class="popup-note muted">{t('loading')}</p>
      ) : entries.size === 0 ? (
        <p class="popup-note empty-state">{t('emptyState')}</p>
      ) : (
        <JobList
          entries={entries}
          lang={lang}
          onAction={onAction}
          onPriority={onPriority}
          onChangeLink={onChangeLink}
          offerAria2={offerAria2}
        />
      )}
    </main>
  );
}
