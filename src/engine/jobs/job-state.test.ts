import { describe, expect, it } from 'vitest';
import { stateAfterEvent, stateAfterMethod, type JobMethod } from './job-state';
import { JOB_STATES, type JobState } from '../types';

const NON_FINAL = JOB_STATES.filter((s) => s !== 'ACKNOWLEDGED' && s !== 'CANCELLED');
const METHODS: JobMethod[] = ['resume', 'suspend', 'cancel', 'complete', 'addFiles', 'setPriority'];

function errorName(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (e) {
    return (e as Error).name;
  }
}

describe('caller methods', () => {
  it.each(['ACKNOWLEDGED', 'CANCELLED'] as const)('nothing changes a %s job', (state) => {
    for (const method of METHODS) {
      expect(errorName(() => stateAfterMethod(state, method, { fileCount: 1 }))).toBe('BG_E_INVALID_STATE');
    }
  });

  it('resume without files fails with BG_E_EMPTY', () => {
    expect(errorName(() => stateAfterMethod('SUSPENDED', 'resume', { fileCount: 0 }))).toBe('BG_E_EMPTY');
  });

  it.each<[JobState, JobState]>([
    ['SUSPENDED', 'QUEUED'],
    ['ERROR', 'QUEUED'],
    ['TRANSIENT_ERROR', 'QUEUED'],
    ['QUEUED', 'QUEUED'],
    ['CONNECTING', 'CONNECTING'],
    ['TRANSFERRING', 'TRANSFERRING'],
    ['TRANSFERRED', 'TRANSFERRED'],
  ])('resume from %s → %s', (from, to) => {
    expect(stateAfterMethod(from, 'resume', { fileCount: 2 })).toBe(to);
  });

  it.each(NON_FINAL)('suspend, cancel and complete from %s', (from) => {
    expect(stateAfterMethod(from, 'suspend', { fileCount: 1 })).toBe('SUSPENDED');
    expect(stateAfterMethod(from, 'cancel', { fileCount: 1 })).toBe('CANCELLED');
    expect(stateAfterMethod(from, 'complete', { fileCount: 1 })).toBe('ACKNOWLEDGED');
    expect(stateAfterMethod(from, 'setPriority', { fileCount: 1 })).toBe(from);
  });

  it('adding files to a transferred job queues it again; elsewhere the state stays', () => {
    expect(stateAfterMethod('TRANSFERRED', 'addFiles', { fileCount: 2 })).toBe('QUEUED');
    expect(stateAfterMethod('SUSPENDED', 'addFiles', { fileCount: 2 })).toBe('SUSPENDED');
    expect(stateAfterMethod('TRANSFERRING', 'addFiles', { fileCount: 2 })).toBe('TRANSFERRING');
  });
});

describe('engine events', () => {
  it('follows the run: QUEUED → CONNECTING → TRANSFERRING → TRANSFERRED', () => {
    expect(stateAfterEvent('QUEUED', 'start')).toBe('CONNECTING');
    expect(stateAfterEvent('CONNECTING', 'first-byte')).toBe('TRANSFERRING');
    expect(stateAfterEvent('TRANSFERRING', 'all-files-done')).toBe('TRANSFERRED');
    expect(stateAfterEvent('CONNECTING', 'all-files-done')).toBe('TRANSFERRED');
  });

  it('yields a slot back to QUEUED (round robin, pre-emption, restart)', () => {
    expect(stateAfterEvent('TRANSFERRING', 'yield')).toBe('QUEUED');
    expect(stateAfterEvent('CONNECTING', 'recover')).toBe('QUEUED');
    expect(stateAfterEvent('SUSPENDED', 'yield')).toBeNull();
  });

  it('turns failures into TRANSIENT_ERROR or ERROR, and retries', () => {
    expect(stateAfterEvent('TRANSFERRING', 'transient-failure')).toBe('TRANSIENT_ERROR');
    expect(stateAfterEvent('CONNECTING', 'fatal-failure')).toBe('ERROR');
    expect(stateAfterEvent('TRANSIENT_ERROR', 'retry-due')).toBe('QUEUED');
    expect(stateAfterEvent('TRANSIENT_ERROR', 'no-progress-timeout')).toBe('ERROR');
    expect(stateAfterEvent('SUSPENDED', 'retry-due')).toBeNull();
  });

  it('never starts a job that is not queued', () => {
    for (const state of JOB_STATES.filter((s) => s !== 'QUEUED')) {
      expect(stateAfterEvent(state, 'start')).toBeNull();
    }
  });
});
