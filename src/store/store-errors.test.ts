import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { normalizeStorageError } from './store-errors';

describe('normalizeStorageError', () => {
  it('unwraps the quota DOMException from a Dexie abort (a full disk found at commit)', () => {
    const quota = new DOMException('disk full', 'QuotaExceededError');
    const wrapped = new Dexie.AbortError('Transaction aborted', quota);
    expect(normalizeStorageError(wrapped)).toBe(quota);
  });

  it('gives a message to a quota error without one, as Chromium reports a full disk at commit', () => {
    const wrapped = new Dexie.AbortError('Transaction aborted', new DOMException('', 'QuotaExceededError'));
    expect(normalizeStorageError(wrapped)).toMatchObject({
      name: 'QuotaExceededError',
      message: 'The storage quota is exhausted.',
    });
  });

  it('turns a quota error that is not a DOMException into one', () => {
    const error = normalizeStorageError(Object.assign(new Error('no space'), { name: 'QuotaExceededError' }));
    expect(error).toBeInstanceOf(DOMException);
    expect(error).toMatchObject({ name: 'QuotaExceededError', message: 'no space' });
  });

  it('passes every other error through unchanged', () => {
    const constraint = new Dexie.ConstraintError('Key already exists');
    expect(normalizeStorageError(constraint)).toBe(constraint);
    const plain = new TypeError('bad');
    expect(normalizeStorageError(plain)).toBe(plain);
  });
});
