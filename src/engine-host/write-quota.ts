/**
 * A test hook (build-and-test.md): backing-file writes past a byte budget fail with
 * QuotaExceededError, as a full disk makes them fail, so that end-to-end tests can see BG_E_DISK_FULL
 * and the resume after space is freed. Off (no budget) unless a test sets one.
 */
import type { BackingFiles } from '../store/backing-files';
import { quotaExceeded } from '../store/store-errors';

export interface QuotaControl {
  setBudget(bytes: number | null): void;
}

export function withWriteQuota(files: BackingFiles): BackingFiles & QuotaControl {
  let budget: number | null = null;
  return {
    setBudget(bytes) {
      budget = bytes;
    },
    async write(name, offset, parts) {
      const size = parts.reduce((sum, part) => sum + part.byteLength, 0);
      if (budget !== null) {
        if (size > budget) throw quotaExceeded('The test quota is exhausted.');
        budget -= size;
      }
      await files.write(name, offset, parts);
    },
    flush: (name) => files.flush(name),
    read: (name) => files.read(name),
    remove: (name) => files.remove(name),
    list: () => files.list(),
    closeAll: () => files.closeAll(),
  };
}
