import { describe, expect, it } from 'vitest';
import { patternBytes } from '../../store/contract-fixtures';
import { chunkSize, readChunkBytes } from './chunk-bytes';

describe('chunk bytes', () => {
  it('readChunkBytes gives the same bytes for a Blob and for bytes', async () => {
    const bytes = patternBytes(300, 4);
    expect([...(await readChunkBytes(new Blob([bytes])))]).toEqual([...bytes]);
    expect(await readChunkBytes(bytes)).toBe(bytes);
  });

  it('chunkSize measures both forms', () => {
    expect(chunkSize(patternBytes(17))).toBe(17);
    expect(chunkSize(new Blob([patternBytes(23)]))).toBe(23);
  });
});
