import { describe, expect, it } from 'vitest';
import type { JobError } from '../engine/types';
import { linkToChange } from './change-link';
import { makeJob } from './job-fixture';

const httpError = (status: number, fileIndex: number | null = 0): JobError => ({
  code: `BG_E_HTTP_ERROR_${status}`,
  hresult: 0x80190000 + status,
  context: 'remote-file',
  message: 'file.zip: the server answered HTTP 403',
  fileIndex,
  httpStatus: status,
});

describe('"Change link"', () => {
  it('is offered for the file whose link failed with 401, 403 or 410', () => {
    for (const status of [401, 403, 410]) {
      expect(linkToChange(makeJob({ state: 'ERROR', error: httpError(status) }))).toBe(0);
    }
  });

  it('is not offered for other errors, other states, or a file without a failed link', () => {
    expect(linkToChange(makeJob({ state: 'ERROR', error: httpError(404) }))).toBeNull();
    expect(linkToChange(makeJob({ state: 'TRANSIENT_ERROR', error: httpError(403) }))).toBeNull();
    expect(linkToChange(makeJob({ state: 'ERROR', error: httpError(403, null) }))).toBeNull();
    expect(linkToChange(makeJob({ state: 'ERROR', error: httpError(403, 3) }))).toBeNull();
  });
});
