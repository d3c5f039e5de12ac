import { describe, expect, it } from 'vitest';
import { makeJob } from './job-fixture';
import { nextRetryAt, progressPercent, rowView } from './job-row-view';

const progress = (bytesTransferred: number, bytesTotal: number | null) => ({
  bytesTotal,
  bytesTransferred,
  filesTotal: 1,
  filesTransferred: 0,
});

describe('progressPercent', () => {
  it('is the share of bytes received, or null while the size is unknown', () => {
    expect(progressPercent(makeJob({ state: 'TRANSFERRING', progress: progress(333, 1000) }))).toBe(33);
    expect(progressPercent(makeJob({ state: 'TRANSFERRING', progress: progress(333, null) }))).toBeNull();
    expect(progressPercent(makeJob({ state: 'ACKNOWLEDGED', progress: progress(0, null) }))).toBe(100);
  });
});

describe('rowView', () => {
  it('shows bytes, speed and time left while transferring', () => {
    const job = makeJob({ state: 'TRANSFERRING', progress: progress(1024 * 1024, 3 * 1024 * 1024) });
    const view = rowView({ job, speed: { bytes: 1024 * 1024, at: 0, bytesPerSecond: 512 * 1024 } }, 0, 'en');
    expect(view.stateText).toBe('Downloading');
    expect(view.bytesText).toBe('1 MB of 3 MB');
    expect(view.speedText).toBe('512 KB/s');
    expect(view.timeLeftText).toBe('4 s left');
    expect(view.errorText).toBeNull();
  });

  it('says "Uploading" for an upload, with its progress, speed and time left', () => {
    const job = makeJob({
      type: 'upload',
      state: 'TRANSFERRING',
      progress: progress(2 * 1024 * 1024, 4 * 1024 * 1024),
    });
    const view = rowView(
      { job, speed: { bytes: 2 * 1024 * 1024, at: 0, bytesPerSecond: 1024 * 1024 } },
      0,
      'en',
    );
    expect(view.stateText).toBe('Uploading');
    expect(view.percent).toBe(50);
    expect(view.bytesText).toBe('2 MB of 4 MB');
    expect(view.speedText).toBe('1 MB/s');
    expect(view.timeLeftText).toBe('2 s left');
    const transferred = rowView({ job: { ...job, state: 'TRANSFERRED' }, speed: null }, 0, 'en');
    expect(transferred.actions).toContain('finishUpload');
    expect(transferred.actions).not.toContain('saveNow');
  });

  it('says the size is unknown', () => {
    const view = rowView(
      { job: makeJob({ state: 'QUEUED', progress: progress(10, null) }), speed: null },
      0,
      'en',
    );
    expect(view.bytesText).toBe('10 B of unknown size');
    expect(view.percent).toBeNull();
    expect(view.speedText).toBeNull();
  });

  it('shows the error message and when the next try is', () => {
    const job = makeJob({
      state: 'TRANSIENT_ERROR',
      minimumRetryDelay: 60,
      times: { created: 0, modified: Date.UTC(2026, 0, 1, 12, 0, 0), transferCompleted: null },
      error: {
        code: 'BG_E_HTTP_ERROR_503',
        hresult: 0x801901f7,
        context: 'remote-file',
        message: 'The server for file.zip is unavailable (HTTP 503).',
        fileIndex: 0,
        httpStatus: 503,
      },
    });
    expect(nextRetryAt(job)).toBe(Date.UTC(2026, 0, 1, 12, 1, 0));
    const view = rowView({ job, speed: null }, Date.UTC(2026, 0, 1, 12, 0, 10), 'en');
    expect(view.stateText).toBe('Waiting to retry');
    expect(view.errorText).toBe('The server for file.zip is unavailable (HTTP 503).');
    expect(view.retryText).toMatch(/^Next try at /);
    const late = rowView({ job, speed: null }, Date.UTC(2026, 0, 1, 12, 2, 0), 'en');
    expect(late.retryText).toBe('Next try any moment now');
  });

  it('says why a QUEUED job waits for an unmetered connection', () => {
    const message = 'The connection is metered, so this download waits.';
    const error = {
      code: 'BG_E_BLOCKED_BY_COST_TRANSFER_POLICY',
      hresult: 0x80200059,
      context: 'queue-manager' as const,
      message,
      fileIndex: null,
      httpStatus: null,
    };
    expect(rowView({ job: makeJob({ state: 'QUEUED', error }), speed: null }, 0, 'en').errorText).toBe(
      message,
    );
    expect(rowView({ job: makeJob({ state: 'QUEUED' }), speed: null }, 0, 'en').errorText).toBeNull();
  });

  it('counts files for a job with several', () => {
    const job = makeJob({
      progress: { bytesTotal: 10, bytesTransferred: 5, filesTotal: 3, filesTransferred: 1 },
    });
    expect(rowView({ job, speed: null }, 0, 'en').filesText).toBe('1 of 3 files');
  });
});
