/** A job as the background reports it, for the popup's unit tests. */
import type { JobInfo } from '../engine/types';

export function makeJob(overrides: Partial<JobInfo> = {}): JobInfo {
  return {
    id: 'job-1',
    owner: 'user',
    type: 'download',
    displayName: 'file.zip',
    description: '',
    priority: 'normal',
    state: 'SUSPENDED',
    progress: { bytesTotal: 1000, bytesTransferred: 0, filesTotal: 1, filesTransferred: 0 },
    files: [
      {
        url: 'https://cdn.example/file.zip',
        name: 'file.zip',
        localPath: null,
        bytesTotal: 1000,
        bytesTransferred: 0,
        completed: false,
      },
    ],
    error: null,
    minimumRetryDelay: 600,
    noProgressTimeout: 1_209_600,
    autoComplete: true,
    times: { created: 1000, modified: 1000, transferCompleted: null },
    wmp: null,
    collectionId: null,
    ...overrides,
  };
}
