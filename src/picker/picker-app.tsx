/** The link picker: the page's links with checkboxes, a "Filter" and "Download selected". */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { BackgroundApi, LinkCandidate } from '../shared/background-api';
import { t } from '../ui/i18n';
import { errorMessage } from '../ui/page';
import { filterLinks, linkLabel, uniqueLinks } from './link-filter';

type Status = { text: string; failed: boolean } | null;

export function PickerApp({ api, pickerId }: { api: BackgroundApi; pickerId: string | null }) {
  const [links, setLinks] = useState<LinkCandidate[] | null>(null);
  const [filter, setFilter] = useState('');
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [status, setStatus] = useState<Status>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (pickerId === null) {
      setLinks([]);
      setStatus({ text: t('pickerGone'), failed: true });
      return;
    }
    api.getPickerLinks({ pickerId }).then(
      (found) => setLinks(uniqueLinks(found)),
      (caught: unknown) => {
        setLinks([]);
        setStatus({ text: errorMessage(caught) || t('pickerGone'), failed: true });
      },
    );
  }, [api, pickerId]);

  const shown = useMemo(() => filterLinks(links ?? [], filter), [links, filter]);
  const allShownSelected = shown.length > 0 && shown.every((link) => selected.has(link.url));

  const toggle = (url: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(url);
    else next.delete(url);
    setSelected(next);
  };

  const toggleShown = (on: boolean) => {
    const next = new Set(selected);
    for (const link of shown) {
      if (on) next.add(link.url);
      else next.delete(link.url);
    }
    setSelected(next);
  };

  const download = async () => {
    // Only what is both ticked and still shown: a filter hides what the person no longer means.
    const urls = shown.filter((link) => selected.has(link.url)).map((link) => link.url);
    if (urls.length === 0) return;
    setBusy(true);
    try {
      const jobs = await api.addDownloads(pickerId === null ? { urls } : { urls, pickerId });
      setStatus({ text: t('pickerAdded', jobs.length), failed: false });
      setSelected(new Set());
    } catch (caught) {
      setStatus({ text: errorMessage(caught), failed: true });
    } finally {
      setBusy(false);
    }
  };

  const selectedShown = shown.filter((link) => selected.has(link.url)).length;

  return (
    <main class="picker">
      <h1>{t('pickerTitle')}</h1>
      <div class="picker-bar">
        <input
          type="text"
          aria-label={t('filter')}
          placeholder={t('filterPlaceholder')}
          value={filter}
          onInput={(event) => setFilter(event.currentTarget.value)}
        />
        <button
          type="button"
          class="primary"
          disabled={busy || selectedShown === 0}
          onClick={() => void download()}
        >
          {t('downloadSelected')}
        </button>
      </div>
      {links === null ? (
        <p class="muted">{t('loading')}</p>
      ) : links.length === 0 ? (
        status === null && <p>{t('pickerEmpty')}</p>
      ) : (
        <>
          <div class="picker-summary">
            <label class="select-all">
              <input
                type="checkbox"
                checked={allShownSelected}
                onChange={(e) => toggleShown(e.currentTarget.checked)}
              />
              {t('selectAllShown')}
            </label>
            <span class="muted" aria-live="polite">
              {t('pickerCount', selectedShown, shown.length)}
            </span>
          </div>
          {shown.length === 0 ? (
            <p class="muted">{t('pickerNoMatch')}</p>
          ) : (
            <ul class="links">
              {shown.map((link) => (
                <li key={link.url}>
                  <label class="link">
                    <input
                      type="checkbox"
                      checked={selected.has(link.url)}
                      onChange={(e) => toggle(link.url, e.currentTarget.checked)}
                    />
                    <span class="link-text">
                      <span class="link-name">{linkLabel(link)}</span>
                      <span class="link-url muted">{link.url}</span>
                    </span>
                  </label>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      {status !== null && (
        <p class={status.failed ? 'error-text' : 'ok-text'} role={status.failed ? 'alert' : 'status'}>
          {status.text}
        </p>
      )}
    </main>
  );
}
