import { describe, expect, it } from 'vitest';
import type { JobInfo } from '../engine/types';
import { makeJob } from './job-fixture';
import { applyJobsMessage } from './jobs-state';
import type { JobEntries } from './jobs-state';

const transferring = (id: string, bytes: number): JobInfo =>
  makeJob({
    id,
    state: 'TRANSFERRING',
    progress: { bytesTotal: 10_000, bytesTransferred: bytes, filesTotal: 1, filesTransferred: 0 },
  });

describe('applyJobsMessage', () => {
  const empty: JobEntries = new Map();

  it('takes a snapshot, then changes and removals', () => {
    let entries = applyJobsMessage(
      empty,
      { type: 'snapshot', jobs: [makeJob({ id: 'a' }), makeJob({ id: 'b' })] },
      0,
    );
    expect([...entries.keys()]).toEqual(['a', 'b']);
    entries = applyJobsMessage(entries, { type: 'change', job: makeJob({ id: 'c' }) }, 0);
    entries = applyJobsMessage(entries, { type: 'removed', id: 'a' }, 0);
    expect([...entries.keys()].sort()).toEqual(['b', 'c']);
  });

  it('keeps the entries a change does not touch, so their rows do not render again', () => {
    const before = applyJobsMessage(
      empty,
      { type: 'snapshot', jobs: [makeJob({ id: 'a' }), makeJob({ id: 'b' })] },
      0,
    );
    const after = applyJobsMessage(before, { type: 'change', job: makeJob({ id: 'b', state: 'QUEUED' }) }, 0);
    expect(after.get('a')).toBe(before.get('a'));
    expect(after.get('b')).not.toBe(before.get('b'));
    expect(after.get('b')?.job.state).toBe('QUEUED');
  });

  it('measures speed from successive updates while transferring', () => {
    let entries = applyJobsMessage(empty, { type: 'change', job: transferring('a', 0) }, 1000);
    entries = applyJobsMessage(entries, { type: 'change', job: transferring('a', 2000) }, 2000);
    expect(entries.get('a')?.speed?.bytesPerSecond).toBe(2000);
    entries = applyJobsMessage(
      entries,
      { type: 'change', job: makeJob({ id: 'a', state: 'SUSPENDED' }) },
      3000,
    );
    expect(entries.get('a')?.speed).toBeNull();
  });

  it('keeps the measured speed across a new snapshot', () => {
    let entries = applyJobsMessage(empty, { type: 'change', job: transferring('a', 0) }, 1000);
    entries = applyJobsMessage(entries, { type: 'snapshot', jobs: [transferring('a', 500)] }, 1500);
    expect(entries.get('a')?.speed?.bytesPerSecond).toBe(1000);
  });

  it('ignores the removal of an unknown job', () => {
    expect(applyJobsMessage(empty, { type: 'removed', id: 'x' }, 0)).toBe(empty);
  });
});
