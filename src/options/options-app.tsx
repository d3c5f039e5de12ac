/** The options page: transfer settings and the sites' decisions. */
import type { BackgroundApi } from '../shared/background-api';
import { t } from '../ui/i18n';
import { SiteAccessNotice } from '../ui/site-access-notice';
import { SettingsSection } from './settings-section';
import { ARIA2_FIELDS, TAKEOVER_FIELDS } from './settings-fields';
import { Aria2TestButton } from './aria2-test-button';
import { SitesSection } from './sites-section';

export function OptionsApp({ api }: { api: BackgroundApi }) {
  return (
    <main class="options">
      <h1>{t('optionsTitle')}</h1>
      <SiteAccessNotice api={api} />
      <SettingsSection api={api} />
      <SettingsSection
        api={api}
        fields={TAKEOVER_FIELDS}
        heading="takeoverHeading"
        headingId="takeover-heading"
      />
      <SettingsSection
        api={api}
        fields={ARIA2_FIELDS}
        heading="aria2Heading"
        headingId="aria2-heading"
        intro="aria2Intro"
        footer={(saved) => <Aria2TestButton api={api} saved={saved} />}
      />
      <SitesSection api={api} />
    </main>
  );
}
