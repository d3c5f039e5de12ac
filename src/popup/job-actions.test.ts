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

describe('aria2 (ui.md "Send to aria2", "In aria2")', () => {
  const offer = { offerAria2: true };
  const inAria2 = { address: 'http://127.0.0.1:6800/jsonrpc', gid: '2089b05ecca3d829' };

  it('offers "Send to aria2" on your unfinished downloads when the option says "When I choose"', () => {
    expect(rowActions(makeJob({ state: 'TRANSFERRING' }), offer)).toEqual(['pause', 'sendToAria2', 'cancel']);
    expect(rowActions(makeJob({ state: 'TRANSFERRING' }))).toEqual(['pause', 'cancel']);
  });

  it("never on a page's job, a finished one, one already in aria2, or one of several files", () => {
    expect(rowActions(makeJob({ owner: 'https://shop.example' }), offer)).not.toContain('sendToAria2');
    expect(rowActions(makeJob({ state: 'ACKNOWLEDGED' }), offer)).not.toContain('sendToAria2');
    expect(rowActions(makeJob({ state: 'TRANSFERRED' }), offer)).not.toContain('sendToAria2');
    expect(rowActions(makeJob({ aria2: inAria2 }), offer)).not.toContain('sendToAria2');
    const two = makeJob().files.concat(makeJob().files);
    expect(rowActions(makeJob({ files: two }), offer)).not.toContain('sendToAria2');
  });

  it("keeps the controls of a job in aria2, but not Open: the file is on aria2's disk", () => {
    expect(rowActions(makeJob({ state: 'TRANSFERRING', aria2: inAria2 }))).toEqual(['pause', 'cancel']);
    expect(rowActions(makeJob({ state: 'ACKNOWLEDGED', files: [savedFile], aria2: inAria2 }))).toEqual([
      'remove',
    ]);
  });
});
