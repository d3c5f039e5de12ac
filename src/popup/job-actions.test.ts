import { describe, expect, it } from 'vitest';
import { JOB_STATES } from '../engine/types';
import type { JobState } from '../engine/types';
import { makeJob } from './job-fixture';
import { canChangePriority, rowActions } from './job-actions';

const savedFile = {
  url: 'https://cdn.example/a.mp3',
  name: 'a.mp3',
  localPath: '/home/me/Downloads/a.mp3',
  bytesTotal: 10,
  bytesTransferred: 10,
  completed: true,
};

describe('rowActions', () => {
  const expected: Record<JobState, string[]> = {
    SUSPENDED: ['resume', 'cancel'],
    QUEUED: ['pause', 'cancel'],
    CONNECTING: ['pause', 'cancel'],
    TRANSFERRING: ['pause', 'cancel'],
    TRANSIENT_ERROR: ['retry', 'pause', 'cancel'],
    ERROR: ['retry', 'cancel'],
    TRANSFERRED: ['saveNow', 'cancel'],
    ACKNOWLEDGED: ['remove'],
    CANCELLED: ['remove'],
  };
  for (const state of JOB_STATES) {
    it(`offers ${expected[state].join(', ')} in ${state}`, () => {
      expect(rowActions(makeJob({ state }))).toEqual(expected[state]);
    });
  }

  it('offers Open and Show in folder once a file is on disk', () => {
    expect(rowActions(makeJob({ state: 'ACKNOWLEDGED', files: [savedFile] }))).toEqual([
      'open',
      'showInFolder',
      'remove',
    ]);
  });
});

describe('canChangePriority', () => {
  it('only while the job may still transfer', () => {
    expect(canChangePriority(makeJob({ state: 'QUEUED' }))).toBe(true);
    expect(canChangePriority(makeJob({ state: 'ERROR' }))).toBe(true);
    expect(canChangePriority(makeJob({ state: 'TRANSFERRED' }))).toBe(false);
    expect(canChangePriority(makeJob({ state: 'CANCELLED' }))).toBe(false);
  });
});
