/** "Sites": each origin's decision with "Remove", and "Allow site" to allow one ahead of time. */
import { useEffect, useState } from 'preact/hooks';
import type { BackgroundApi, SiteEntry } from '../shared/background-api';
import { formatDate } from '../ui/format';
import { t, uiLanguage } from '../ui/i18n';
import { errorMessage } from '../ui/page';
import { parseSiteOrigin } from './site-origin';

export function SitesSection({ api }: { api: BackgroundApi }) {
  const [sites, setSites] = useState<SiteEntry[] | null>(null);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  const lang = uiLanguage();

  useEffect(() => {
    const load = () => api.listSites().then(setSites, (caught: unknown) => setError(errorMessage(caught)));
    load();
    // A prompt answered in another window changes the list while this page is open.
    const onVisible = () => {
      if (document.visibilityState === 'visible') load();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, [api]);

  const change = async (origin: string, decision: 'allowed' | null) => {
    try {
      setSites(await api.setSite({ origin, decision }));
      setError(null);
      return true;
    } catch (caught) {
      setError(errorMessage(caught));
      return false;
    }
  };

  const allow = async (event: Event) => {
    event.preventDefault();
    const origin = parseSiteOrigin(draft);
    if (origin === null) {
      setError(t('invalidOrigin', t('allowedSite')));
      return;
    }
    if (await change(origin, 'allowed')) setDraft('');
  };

  return (
    <section class="card" aria-labelledby="sites-heading">
      <h2 id="sites-heading">{t('sitesHeading')}</h2>
      <p class="muted">{t('sitesIntro')}</p>
      {sites === null ? null : sites.length === 0 ? (
        <p class="sites-empty">{t('sitesEmpty')}</p>
      ) : (
        <table class="sites">
          <thead>
            <tr>
              <th scope="col">{t('siteColumn')}</th>
              <th scope="col">{t('decisionColumn')}</th>
              <th scope="col">{t('decidedColumn')}</th>
              <th scope="col">
                <span class="visually-hidden">{t('remove')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sites.map((site) => (
              <tr key={site.origin}>
                <td class="site-origin">{site.origin}</td>
                <td class={site.decision === 'allowed' ? 'ok-text' : 'error-text'}>
                  {t(site.decision === 'allowed' ? 'decisionAllowed' : 'decisionBlocked')}
                </td>
                <td class="muted site-decided">{formatDate(site.decided, lang)}</td>
                <td>
                  <button type="button" onClick={() => void change(site.origin, null)}>
                    {t('remove')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form class="allow-form" noValidate onSubmit={allow}>
        <label for="allowed-site">{t('allowedSite')}</label>
        <div class="allow-row">
          <input
            id="allowed-site"
            type="text"
            inputMode="url"
            placeholder="https://shop.example"
            value={draft}
            aria-invalid={error !== null}
            aria-describedby={error !== null ? 'sites-error' : undefined}
            onInput={(event) => {
              setDraft(event.currentTarget.value);
              setError(null);
            }}
          />
          <button type="submit" class="primary">
            {t('allowSite')}
          </button>
        </div>
      </form>
      {error !== null && (
        <p id="sites-error" class="error-text" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
