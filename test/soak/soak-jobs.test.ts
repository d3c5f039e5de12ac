import { describe, expect, it } from 'vitest';
import type { JobInfo, JobState } from '../../src/engine/types';
import { judge, type TrackedJob } from './soak-jobs';

function job(id: string, state: JobState, code?: string): JobInfo {
  return {
    id,
    displayName: `job ${id}`,
    state,
    error: code
      ? { code, hresult: 0, context: 'remote-file', message: code, fileIndex: 0, httpStatus: null }
      : null,
  } as JobInfo;
}

const tracked: TrackedJob[] = [
  { id: 'a', expect: { kind: 'file', path: '/a' } },
  { id: 'b', expect: { kind: 'error', code: 'BG_E_HTTP_ERROR_404' } },
];
const versions = (path: string) => new Set(path === '/a' ? ['old', 'new'] : []);

describe('judge', () => {
  it('accepts a saved file matching any whole version and a missing file in ERROR 404', () => {
    const verdict = judge(
      tracked,
      [job('a', 'ACKNOWLEDGED'), job('b', 'ERROR', 'BG_E_HTTP_ERROR_404')],
      new Map([['a', 'old']]),
      versions,
    );
    expect(verdict).toEqual({ acknowledged: 1, errors: { BG_E_HTTP_ERROR_404: 1 }, problems: [] });
  });

  it('names every job that ended wrongly: mixed bytes, still running, wrong error, gone', () => {
    const verdict = judge(
      [
        ...tracked,
        { id: 'c', expect: { kind: 'file', path: '/a' } },
        { id: 'd', expect: { kind: 'file', path: '/a' } },
      ],
      [
        job('a', 'ACKNOWLEDGED'),
        job('b', 'ERROR', 'BG_E_HTTP_ERROR_500'),
        job('c', 'TRANSIENT_ERROR', 'BG_E_CONNECTION_CLOSED'),
      ],
      new Map([['a', 'mixed']]),
      versions,
    );
    expect(verdict.problems).toHaveLength(4);
    expect(verdict.problems.join('\n')).toMatch(
      /match no version[\s\S]*expected ERROR BG_E_HTTP_ERROR_404[\s\S]*TRANSIENT_ERROR[\s\S]*d is gone/,
    );
  });
});
