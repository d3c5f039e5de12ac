/**
 * The consent prompt: "Allow <origin> to add downloads to WebBITS?". Closing the window without
 * answering is no decision: the background fails the page's call and asks again next time.
 */
import { useEffect, useState } from 'preact/hooks';
import type { BackgroundApi, SiteDecision } from '../shared/background-api';
import { t } from '../ui/i18n';
import { errorMessage } from '../ui/page';

type PromptState =
  | { kind: 'loading' }
  | { kind: 'asking'; origin: string }
  | { kind: 'gone' }
  | { kind: 'failed'; message: string };

export function ConsentApp({ api, promptId }: { api: BackgroundApi; promptId: string | null }) {
  const [state, setState] = useState<PromptState>({ kind: 'loading' });
  const [busy, setBusy] = useState(false);

  // Escape closes the window: no decision, the same as closing it with the mouse.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') window.close();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    if (promptId === null) {
      setState({ kind: 'gone' });
      return;
    }
    api.getConsentPrompt({ promptId }).then(
      (prompt) => setState(prompt ? { kind: 'asking', origin: prompt.origin } : { kind: 'gone' }),
      (caught: unknown) => setState({ kind: 'failed', message: errorMessage(caught) }),
    );
  }, [api, promptId]);

  const answer = async (decision: SiteDecision) => {
    if (promptId === null) return;
    setBusy(true);
    try {
      await api.answerConsent({ promptId, decision });
      window.close();
    } catch (caught) {
      setState({ kind: 'failed', message: errorMessage(caught) });
      setBusy(false);
    }
  };

  return (
    <main class="consent">
      {state.kind === 'asking' && (
        <>
          <h1 class="consent-question">{t('consentQuestion', state.origin)}</h1>
          <p class="muted">{t('consentExplain')}</p>
          <div class="consent-buttons">
            <button type="button" class="primary" disabled={busy} onClick={() => void answer('allowed')}>
              {t('allow')}
            </button>
            <button type="button" disabled={busy} onClick={() => void answer('blocked')}>
              {t('block')}
            </button>
          </div>
        </>
      )}
      {state.kind === 'loading' && <p class="muted">{t('loading')}</p>}
      {state.kind === 'gone' && <p>{t('consentGone')}</p>}
      {state.kind === 'failed' && (
        <p class="error-text" role="alert">
          {state.message}
        </p>
      )}
    </main>
  );
}
