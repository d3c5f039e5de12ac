import { describe, expect, it } from 'vitest';
import type { JobRecord } from '../ports';
import { checkHandOff } from './aria2-hand-off-check';

// Only the fields checkHandOff reads: the rest of a record does not decide a hand-off.
const job = (fields: Partial<JobRecord>): JobRecord =>
  ({
    owner: 'user',
    type: 'download',
    aria2: null,
    state: 'SUSPENDED',
    fileCount: 1,
    ...fields,
  }) as JobRecord;

describe('checkHandOff', () => {
  it('lets a one-file download the person started go to aria2', () => {
    expect(() => checkHandOff(job({}))).not.toThrow();
  });

  it.each([
    ['a page', { owner: 'https://shop.example' }, /only downloads you started/],
    ['an upload', { type: 'upload' as const }, /not uploads/],
    ['a job in aria2', { aria2: { address: 'http://127.0.0.1:6800/jsonrpc', gid: 'a' } }, /already/],
    ['a finished job', { state: 'ACKNOWLEDGED' as const }, /ACKNOWLEDGED/],
    ['a transferred job', { state: 'TRANSFERRED' as const }, /TRANSFERRED/],
    ['two files', { fileCount: 2 }, /2 files/],
  ])('refuses %s', (_, fields, message) => {
    expect(() => checkHandOff(job(fields))).toThrow(message);
  });
});
