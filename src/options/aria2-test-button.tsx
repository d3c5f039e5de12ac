/** "Test connection" (ui.md): aria2's version at the saved address, or the error, in words. */
import { useState } from 'preact/hooks';
import type { BackgroundApi } from '../shared/background-api';
import { t } from '../ui/i18n';
import { errorMessage } from '../ui/page';

export function Aria2TestButton({ api, saved }: { api: BackgroundApi; saved: () => Promise<unknown> }) {
  const [result, setResult] = useState<{ text: string; failed: boolean } | null>(null);
  const test = async () => {
    setResult({ text: t('aria2Testing'), failed: false });
    try {
      // What was just typed is tested, not what was stored before it.
      await saved();
      const { version } = await api.testAria2();
      setResult({ text: t('aria2Version', version), failed: false });
    } catch (caught) {
      setResult({ text: errorMessage(caught), failed: true });
    }
  };
  return (
    <div class="aria2-test">
      <button type="button" onClick={() => void test()}>
        {t('aria2Test')}
      </button>
      <p class={result?.failed ? 'aria2-test-result error-text' : 'aria2-test-result ok-text'} role="status">
        {result?.text ?? ''}
      </p>
    </div>
  );
}
