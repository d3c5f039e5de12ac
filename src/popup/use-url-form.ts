/**
 * The state of a one-URL form ("Add download", "Change link"): what was typed, the error the
 * background gave, and whether a call is on its way. A failed call keeps the URL for correction.
 */
import { useState } from 'preact/hooks';
import { errorMessage } from '../ui/page';

export interface UrlForm {
  url: string;
  error: string | null;
  busy: boolean;
  onInput(event: { currentTarget: HTMLInputElement }): void;
  submit(event: Event): Promise<void>;
}

/** `send` gets the trimmed URL; the form empties only once it resolves. */
export function useUrlForm(send: (url: string) => Promise<void>): UrlForm {
  const [url, setUrl] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return {
    url,
    error,
    busy,
    onInput(event) {
      setUrl(event.currentTarget.value);
      setError(null);
    },
    async submit(event) {
      event.preventDefault();
      const trimmed = url.trim();
      if (!trimmed) return;
      setBusy(true);
      try {
        await send(trimmed);
        setUrl('');
        setError(null);
      } catch (caught) {
        setError(errorMessage(caught));
      } finally {
        setBusy(false);
      }
    },
  };
}
