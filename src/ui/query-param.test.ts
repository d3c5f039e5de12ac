import { describe, expect, it } from 'vitest';
import { queryParam } from './query-param';

describe('queryParam', () => {
  it('reads a parameter and treats an empty one as missing', () => {
    expect(queryParam('promptId', '?promptId=abc-1')).toBe('abc-1');
    expect(queryParam('promptId', '?promptId=')).toBeNull();
    expect(queryParam('pickerId', '?promptId=x')).toBeNull();
  });
});
