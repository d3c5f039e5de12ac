/**
 * "The browser does not let WebBITS reach …" with a "Grant access" button (ui.md; Firefox lets the
 * person withdraw an extension's site access). Shown in the popup and the options page while an
 * unfinished job needs such a site; granting access lets those jobs go on by themselves.
 */
import { useEffect, useState } from 'preact/hooks';
import type { BackgroundApi } from '../shared/background-api';
import { accessPattern, originHost } from '../shared/site-access';
import { t } from './i18n';

interface PermissionsApi {
  request(permissions: { origins: string[] }): Promise<boolean>;
}

function permissionsApi(): PermissionsApi | undefined {
  const scope = globalThis as unknown as {
    browser?: { permissions?: PermissionsApi };
    chrome?: { permissions?: PermissionsApi };
  };
  return scope.browser?.permissions ?? scope.chrome?.permissions;
}

/** @param refresh anything that changes when the jobs do (the popup passes its waiting jobs). */
export function SiteAccessNotice({ api, refresh }: { api: BackgroundApi; refresh?: unknown }) {
  const [blocked, setBlocked] = useState<string[]>([]);
  const [refused, setRefused] = useState(false);

  const load = () =>
    api.getSiteAccess().then(
      (access) => setBlocked(access.blocked),
      () => setBlocked([]),
    );
  useEffect(() => void load(), [api, refresh]);

  if (blocked.length === 0) return null;

  const grant = () => {
    // Called straight from the click: the browser asks the person only in answer to a gesture.
    const asked = permissionsApi()?.request({ origins: blocked.map(accessPattern) });
    void (asked ?? Promise.resolve(false)).then(
      (granted) => {
        setRefused(!granted);
        return load();
      },
      () => setRefused(true),
    );
  };

  return (
    <section class="site-access" aria-labelledby="site-access-text">
      <p id="site-access-text" class="error-text">
        {t('siteAccessMissing', blocked.map(originHost).join(', '))}
      </p>
      <button type="button" onClick={grant}>
        {t('grantAccess')}
      </button>
      {refused && <p class="muted">{t('siteAccessRefused')}</p>}
    </section>
  );
}
