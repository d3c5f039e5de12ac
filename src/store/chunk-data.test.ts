import { describe, expect, it } from 'vitest';
import { compactBytes, readChunkBytes, toStoredChunkData } from './chunk-data';
import { patternBytes } from './contract-fixtures';

describe('chunk data', () => {
  it('compactBytes copies a view so that it owns only its bytes', () => {
    const buffer = patternBytes(1000);
    const view = compactBytes(buffer.subarray(10, 20));
    expect(view.buffer.byteLength).toBe(10);
    expect([...view]).toEqual([...buffer.subarray(10, 20)]);
    expect(compactBytes(buffer)).toBe(buffer);
  });

  it('toStoredChunkData converts to the form the store keeps', async () => {
    const bytes = patternBytes(50, 2);
    const asBlob = await toStoredChunkData(bytes.subarray(5, 45), true);
    expect(asBlob).toBeInstanceOf(Blob);
    expect([...(await readChunkBytes(asBlob))]).toEqual([...bytes.subarray(5, 45)]);
    const asBytes = await toStoredChunkData(new Blob([bytes]), false);
    expect(asBytes).toBeInstanceOf(Uint8Array);
    expect([...(asBytes as Uint8Array)]).toEqual([...bytes]);
  });
});
