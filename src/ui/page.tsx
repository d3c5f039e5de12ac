/** Mounts an extension page: document language and title from the locale, then the app. */
import { render } from 'preact';
import type { ComponentChild } from 'preact';
import { t, uiLanguage } from './i18n';
import type { MessageKey } from './i18n';
import './styles.css';

export function mountPage(titleKey: MessageKey, app: ComponentChild): void {
  document.documentElement.lang = uiLanguage();
  document.title = t(titleKey);
  const root = document.getElementById('app');
  if (!root) throw new Error('The page has no #app element.');
  render(app, root);
}

/** The message of anything thrown, for showing to a person. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
