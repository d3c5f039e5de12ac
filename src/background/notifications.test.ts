import { describe, expect, it } from 'vitest';
import type { JobInfo } from '../engine/types';
import { notificationFor, parseNotificationId } from './notifications';
import { badgeText } from './badge';

function job(partial: Partial<JobInfo>): JobInfo {
  return {
    id: 'j1',
    owner: 'user',
    type: 'download',
    displayName: 'Album',
    description: '',
    priority: 'normal',
    state: 'TRANSFERRING',
    progress: { bytesTotal: 10, bytesTransferred: 10, filesTotal: 1, filesTransferred: 1 },
    files: [
      {
        url: 'https://a.example/song.mp3',
        name: null,
        localPath: 'Music/song.mp3',
        bytesTotal: 10,
        bytesTransferred: 10,
        completed: true,
      },
    ],
    error: null,
    minimumRetryDelay: 60,
    noProgressTimeout: 1209600,
    autoComplete: true,
    times: { created: 0, modified: 0, transferCompleted: null },
    wmp: null,
    collectionId: null,
    ...partial,
  };
}

const error = {
  code: 'BG_E_HTTP_ERROR_404',
  hresult: 0x80190194,
  context: 'remote-file' as const,
  message: 'song.mp3 was not found on the server (HTTP 404).',
  fileIndex: 0,
  httpStatus: 404,
};

describe('notificationFor', () => {
  it('says "Saved <file name>" once when a job is saved', () => {
    const saved = job({ state: 'ACKNOWLEDGED' });
    expect(notificationFor('TRANSFERRED', saved)).toEqual({
      id: 'webbits:saved:j1',
      kind: 'saved',
      jobId: 'j1',
      text: 'song.mp3',
    });
    expect(notificationFor('ACKNOWLEDGED', saved)).toBeNull();
  });

  it('says "Uploaded <display name>" for a finished upload, not "Saved"', () => {
    const uploaded = job({ type: 'upload-reply', state: 'ACKNOWLEDGED', displayName: 'My review' });
    expect(notificationFor('TRANSFERRED', uploaded)).toEqual({
      id: 'webbits:uploaded:j1',
      kind: 'uploaded',
      jobId: 'j1',
      text: 'My review',
    });
  });

  it('names a job of several files by its display name', () => {
    const [first] = job({}).files;
    if (!first) throw new Error('fixture has a file');
    const files = [first, { ...first, localPath: 'Album/b.mp3' }];
    expect(notificationFor('TRANSFERRED', job({ state: 'ACKNOWLEDGED', files }))?.text).toBe('Album');
  });

  it('shows the error message on entering ERROR, nothing for TRANSIENT_ERROR or a cancel', () => {
    expect(notificationFor('TRANSFERRING', job({ state: 'ERROR', error }))).toMatchObject({
      kind: 'error',
      text: error.message,
    });
    expect(notificationFor('TRANSFERRING', job({ state: 'TRANSIENT_ERROR', error }))).toBeNull();
    expect(notificationFor('TRANSFERRING', job({ state: 'CANCELLED' }))).toBeNull();
  });

  it('does not announce a job completed with nothing saved', () => {
    const empty = job({
      state: 'ACKNOWLEDGED',
      progress: { bytesTotal: 0, bytesTransferred: 0, filesTotal: 1, filesTransferred: 0 },
    });
    expect(notificationFor('ERROR', empty)).toBeNull();
  });

  it('gives the reason and the link when a taken-over download fails before its first byte', () => {
    const none = { bytesTotal: null, bytesTransferred: 0, filesTotal: 1, filesTransferred: 0 };
    const failed = job({ state: 'ERROR', error, progress: none });
    expect(notificationFor('CONNECTING', failed, true)).toEqual({
      id: 'webbits:takeover:j1',
      kind: 'takeover',
      jobId: 'j1',
      text: error.message,
      url: 'https://a.example/song.mp3',
    });
    expect(notificationFor('CONNECTING', failed)?.kind).toBe('error');
    // Once bytes came, it is an ordinary job's error.
    expect(notificationFor('TRANSFERRING', job({ state: 'ERROR', error }), true)?.kind).toBe('error');
  });

  it('round-trips its ids', () => {
    expect(parseNotificationId('webbits:error:abc-1')).toEqual({ kind: 'error', jobId: 'abc-1' });
    expect(parseNotificationId('webbits:takeover:n-2')).toEqual({ kind: 'takeover', jobId: 'n-2' });
    expect(parseNotificationId('other')).toBeNull();
  });
});

describe('badgeText', () => {
  it('counts queued and transferring jobs, empty when none', () => {
    expect(badgeText([])).toBe('');
    expect(badgeText([job({ state: 'SUSPENDED' }), job({ state: 'ERROR' })])).toBe('');
    expect(
      badgeText([
        job({ state: 'QUEUED' }),
        job({ state: 'CONNECTING' }),
        job({ state: 'TRANSFERRING' }),
        job({ state: 'TRANSIENT_ERROR' }),
      ]),
    ).toBe('3');
  });
});
