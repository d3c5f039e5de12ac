import { describe, expect, it } from 'vitest';
import { storageNote } from './storage-note';

describe('storageNote', () => {
  it('says that jobs kept in memory will not survive a restart, and nothing where they are stored', () => {
    expect(storageNote('memory')).toBe(
      'Private browsing: these downloads will not survive a restart of the browser.',
    );
    expect(storageNote('opfs')).toBeNull();
    expect(storageNote('chunks')).toBeNull();
  });
});
