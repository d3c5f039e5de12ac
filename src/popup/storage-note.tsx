/**
 * The line that says jobs will not survive a restart, where the background keeps them in memory
 * only (Firefox private browsing: no IndexedDB, no origin private file system).
 */
import { useEffect, useState } from 'preact/hooks';
import type { BackgroundApi } from '../shared/background-api';
import type { StorageMode } from '../shared/engine-host-api';
import { t } from '../ui/i18n';

/** The note for where jobs are kept, or null where they are stored. */
export function storageNote(storage: StorageMode): string | null {
  return storage === 'memory' ? t('privateStorageNote') : null;
}

export function StorageNote({ api }: { api: Pick<BackgroundApi, 'getStatus'> }) {
  const [note, setNote] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api.getStatus().then(
      ({ storage }) => live && setNote(storageNote(storage)),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api]);
  return note === null ? null : <p class="popup-storage-note muted">{note}</p>;
}
